import type { PatientStatus, RiskBand } from '../patients/types.ts';

/**
 * The risk score (seed §10.3): a pure, deterministic function of a patient's recent signals. Each factor
 * has a weight (its most points) and a severity 0..1; its contribution is weight × severity, scaled so the
 * weights sum to 100. Contributions are rounded to integers by largest remainder, so they always sum
 * exactly to the score. A signal without data (null: no check-in closed yet, no tasks in the window,
 * no hydration goal) contributes 0 and says so: the score reflects evidence of risk, not absence of data,
 * except for inactivity, where never having been active is itself the signal.
 *
 * Default weights (points out of 100) and severities — also explained in risk/README.md:
 *   on_time_rate        20  1 − share of the last N closed check-ins submitted on time
 *   missed_checkins     20  missed among the last N, saturating at 3 (0 → 0, 1 → ⅓, 3+ → 1)
 *   average_delay       10  mean delay of late submissions, saturating at 48 h
 *   adherence_7d        15  1 − task completion over the last 7 days
 *   adherence_30d       10  1 − task completion over the last 30 days
 *   hydration           5   1 − mean share of the daily water goal reached over the last 7 days
 *   streak              5   (7 − current streak of days with ≥ 80 % of tasks) / 7, 0 from 7 days on
 *   inactivity          15  days since last activity: 0 up to 1 day, linear to 1 at 14 days
 * Missing a check-in counts twice (it lowers the on-time rate and adds to the missed count) on purpose:
 * silence is a stronger signal than lateness.
 */
export const RISK_FACTORS = ['on_time_rate', 'missed_checkins', 'average_delay', 'adherence_7d', 'adherence_30d', 'hydration', 'streak', 'inactivity'] as const;
export type RiskFactorName = (typeof RISK_FACTORS)[number];
export type RiskWeights = Readonly<Record<RiskFactorName, number>>;

export const DEFAULT_RISK_WEIGHTS: RiskWeights = {
  on_time_rate: 20,
  missed_checkins: 20,
  average_delay: 10,
  adherence_7d: 15,
  adherence_30d: 10,
  hydration: 5,
  streak: 5,
  inactivity: 15,
};

/** Where each severity saturates (reaches 1). */
export const RISK_SATURATION = { missedCheckins: 3, averageDelayHours: 48, streakDays: 7, inactivityGraceDays: 1, inactivityDays: 14 } as const;
/** Share of a day's tasks that makes the day count towards the streak. */
export const STREAK_DAY_THRESHOLD = 0.8;
/** How many of the most recent closed check-ins the check-in signals look at. */
export const RECENT_CHECKINS = 6;

export interface RiskSignals {
  /** Share (0..1) of the last N closed check-ins submitted on time; null when none has closed yet. */
  onTimeRate: number | null;
  /** Missed among the last N closed check-ins. */
  missedCheckins: number;
  /** Mean delay in hours of the late submissions among them; 0 when none was late; null when none submitted. */
  averageDelayHours: number | null;
  /** Task completion (0..1) over the last 7 and 30 days; null without tasks in the window. */
  adherence7d: number | null;
  adherence30d: number | null;
  /** Mean share (0..1) of the daily water goal reached over the last 7 days; null without a goal. */
  hydration7d: number | null;
  /** Current run of consecutive days with ≥ STREAK_DAY_THRESHOLD of tasks done. */
  streakDays: number;
  /** Whole days since the last task, water log or check-in; null when the patient was never active. */
  daysSinceLastActivity: number | null;
}

export interface RiskFactor {
  factor: RiskFactorName;
  /** The signal's value as given (null: no data). */
  value: number | null;
  /** Integer points; the contributions sum to the score. */
  contribution: number;
  explanation: string;
}

export interface RiskAssessment { score: number; band: RiskBand; factors: RiskFactor[] }

/** Bands: low 0–29, moderate 30–59, high 60–100 (high starts where at_risk is entered by default). */
export const RISK_BANDS_FROM = { moderate: 30, high: 60 } as const;

export function riskBand(score: number): RiskBand {
  if (score >= RISK_BANDS_FROM.high) return 'high';
  if (score >= RISK_BANDS_FROM.moderate) return 'moderate';
  return 'low';
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface Raw { factor: RiskFactorName; value: number | null; severity: number; explanation: string }

function assess(s: RiskSignals): Raw[] {
  const rate = (factor: RiskFactorName, value: number | null, what: string, none: string): Raw =>
    value === null
      ? { factor, value, severity: 0, explanation: none }
      : { factor, value, severity: 1 - clamp01(value), explanation: `${what}: ${pct(clamp01(value))}` };
  const missed = Math.max(0, s.missedCheckins);
  const delay = s.averageDelayHours;
  const streak = Math.max(0, s.streakDays);
  const idle = s.daysSinceLastActivity;
  return [
    rate('on_time_rate', s.onTimeRate, `Recent check-ins answered on time`, 'No check-in has closed yet'),
    {
      factor: 'missed_checkins', value: s.missedCheckins, severity: clamp01(missed / RISK_SATURATION.missedCheckins),
      explanation: missed === 0 ? 'No recent check-in missed' : `${plural(missed, 'check-in', 'check-ins')} missed recently`,
    },
    delay === null
      ? { factor: 'average_delay', value: null, severity: 0, explanation: 'No check-in submitted yet' }
      : {
        factor: 'average_delay', value: delay, severity: clamp01(delay / RISK_SATURATION.averageDelayHours),
        explanation: delay <= 0 ? 'Check-ins submitted on time' : `Late check-ins arrive on average ${Math.round(delay)} h after the due time`,
      },
    rate('adherence_7d', s.adherence7d, 'Protocol tasks done in the last 7 days', 'No protocol tasks in the last 7 days'),
    rate('adherence_30d', s.adherence30d, 'Protocol tasks done in the last 30 days', 'No protocol tasks in the last 30 days'),
    rate('hydration', s.hydration7d, 'Daily water goal reached in the last 7 days (average)', 'No hydration goal'),
    {
      factor: 'streak', value: s.streakDays, severity: clamp01((RISK_SATURATION.streakDays - streak) / RISK_SATURATION.streakDays),
      explanation: streak === 0 ? 'No current streak of days with most tasks done' : `${plural(streak, 'day', 'days')} in a row with most tasks done`,
    },
    idle === null
      ? { factor: 'inactivity', value: null, severity: 1, explanation: 'No activity recorded yet' }
      : {
        factor: 'inactivity', value: idle,
        severity: clamp01((idle - RISK_SATURATION.inactivityGraceDays) / (RISK_SATURATION.inactivityDays - RISK_SATURATION.inactivityGraceDays)),
        explanation: idle <= RISK_SATURATION.inactivityGraceDays ? 'Active in the last day' : `${plural(idle, 'day', 'days')} since the last activity`,
      },
  ];
}

/**
 * Rounds non-negative reals to integers that sum to the rounded total: floor each, then hand the missing
 * points to the largest remainders (ties to the earlier factor, so the result is deterministic).
 */
function apportion(values: readonly number[]): number[] {
  const EPS = 1e-9;
  const total = Math.round(values.reduce((a, b) => a + b, 0) + EPS);
  const floors = values.map((x) => Math.floor(x + EPS));
  let missing = total - floors.reduce((a, b) => a + b, 0);
  const order = values.map((x, i) => ({ i, r: x + EPS - Math.floor(x + EPS) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    missing -= 1;
  }
  return floors;
}

export function computeRisk(signals: RiskSignals, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskAssessment {
  const sum = RISK_FACTORS.reduce((a, f) => a + weights[f], 0);
  if (RISK_FACTORS.some((f) => !(weights[f] >= 0)) || !(sum > 0)) throw new Error('risk weights must be non-negative with a positive sum');
  const raw = assess(signals);
  const points = apportion(raw.map((r) => (weights[r.factor] * 100 * r.severity) / sum));
  const factors = raw.map((r, i) => ({ factor: r.factor, value: r.value, contribution: points[i] ?? 0, explanation: r.explanation }));
  const score = factors.reduce((a, f) => a + f.contribution, 0);
  return { score, band: riskBand(score), factors };
}

export interface RiskThresholds { enter: number; exit: number }
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { enter: 60, exit: 45 };

/**
 * The operational status after a new score, with hysteresis: `active` becomes `at_risk` at or above
 * `enter`, and `at_risk` goes back to `active` only below `exit`, so a score hovering around one
 * threshold does not flap. Paused and archived patients are the professional's decision: unchanged.
 */
export function nextStatus(current: PatientStatus, score: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): PatientStatus {
  if (!(thresholds.exit < thresholds.enter)) throw new Error('the exit threshold must be below the entry threshold');
  switch (current) {
    case 'active':
      return score >= thresholds.enter ? 'at_risk' : 'active';
    case 'at_risk':
      return score < thresholds.exit ? 'active' : 'at_risk';
    case 'paused':
    case 'archived':
      return current;
    default: {
      const never: never = current;
      throw new Error(`unknown patient status ${String(never)}`);
    }
  }
}

/** One closed check-in, as the check-in signals need it. */
export interface ClosedCheckin { dueAt: Date; submittedAt: Date | null }

/**
 * The check-in signals from closed check-ins (submitted, reviewed or missed), taking the `lastN` most
 * recent by due time. On time = submitted before the due instant.
 */
export function checkinSignals(closed: readonly ClosedCheckin[], lastN: number = RECENT_CHECKINS): Pick<RiskSignals, 'onTimeRate' | 'missedCheckins' | 'averageDelayHours'> {
  const recent = [...closed].sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime()).slice(0, Math.max(0, lastN));
  if (recent.length === 0) return { onTimeRate: null, missedCheckins: 0, averageDelayHours: null };
  const submitted = recent.filter((c): c is ClosedCheckin & { submittedAt: Date } => c.submittedAt !== null);
  const delays = submitted.map((c) => c.submittedAt.getTime() - c.dueAt.getTime()).filter((ms) => ms >= 0);
  const onTime = submitted.length - delays.length;
  return {
    onTimeRate: Math.round((onTime / recent.length) * 10_000) / 10_000,
    missedCheckins: recent.length - submitted.length,
    averageDelayHours: submitted.length === 0 ? null : delays.length === 0 ? 0 : Math.round((delays.reduce((a, b) => a + b, 0) / delays.length / 3_600_000) * 10) / 10,
  };
}
