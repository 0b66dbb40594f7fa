import type { PatientStatus } from '../patients/types.ts';
import { computeRisk, DEFAULT_RISK_THRESHOLDS, DEFAULT_RISK_WEIGHTS, nextStatus, type RiskAssessment, type RiskSignals, type RiskThresholds, type RiskWeights } from './score.ts';

/** Queue message asking for one patient's recalculation (`critical` queue), payload { patientId }. */
export const RISK_RECALCULATION_REQUESTED = 'risk.recalculation_requested';
/** Event of a status change made by the risk engine (active ⇄ at_risk), payload ids + from/to + score. */
export const RISK_STATUS_CHANGED = 'patients.risk_status_changed';

/**
 * How long a request waits before its message is delivered: events of the same burst (ticking off the day's
 * meals, three glasses of water) land in the one pending request and are recalculated once.
 */
export const RISK_RECALC_COALESCE_MS = 5_000;
/**
 * A pending request older than this is assumed lost (its message dead-lettered or dropped): the next event
 * re-arms it with a new message instead of coalescing into it forever.
 */
export const RISK_RECALC_STALE_MS = 10 * 60_000;

/**
 * The windows the signals read, in the patient's time zone. Adherence, hydration and the streak end at the
 * patient's local YESTERDAY (the last complete day): today's tasks that are not done yet are not a sign of
 * risk at 8 a.m. Inactivity counts calendar days from the last activity to today.
 */
export const RISK_SIGNAL_WINDOWS = { adherenceShortDays: 7, adherenceLongDays: 30, hydrationDays: 7, streakMaxDays: 30, checkinLookbackDays: 366 } as const;

export interface RiskRecalculation {
  assessment: RiskAssessment;
  previousStatus: PatientStatus;
  status: PatientStatus;
  /** True only when the status moved (active ⇄ at_risk): the write audits it and emits RISK_STATUS_CHANGED. */
  statusChanged: boolean;
}

/** One patient's new assessment and status from its current status and signals (pure; hysteresis in nextStatus). */
export function recalculateRisk(current: PatientStatus, signals: RiskSignals, config: { weights?: RiskWeights; thresholds?: RiskThresholds } = {}): RiskRecalculation {
  const assessment = computeRisk(signals, config.weights ?? DEFAULT_RISK_WEIGHTS);
  const status = nextStatus(current, assessment.score, config.thresholds ?? DEFAULT_RISK_THRESHOLDS);
  return { assessment, previousStatus: current, status, statusChanged: status !== current };
}

/** The deterministic message id of one request: a redelivery collapses, a later request is a new message. */
export const riskRequestMessageId = (patientId: string, requestedAt: Date): string => `risk:${patientId}:${requestedAt.getTime()}`;
