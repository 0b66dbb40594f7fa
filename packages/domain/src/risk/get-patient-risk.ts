import type { PatientStatus } from '../patients/types.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { computeRisk, type RiskAssessment, type RiskSignals } from './score.ts';

/** The last persisted assessment of a patient, as the recalculation wrote it. */
export interface StoredRisk { status: PatientStatus; assessment: RiskAssessment | null; computedAt: Date | null }

/** Port: reads inside the caller's tenant transaction (RLS decides what it can see). */
export interface PatientRiskReader {
  /** Null when the caller cannot see the patient (another tenant's, deleted, or none). */
  stored(patientId: string): Promise<StoredRisk | null>;
  /** The signals as of `now`, read-only (for a patient never assessed yet). */
  signals(patientId: string, now: Date): Promise<RiskSignals | null>;
}

export interface PatientRisk extends RiskAssessment {
  patientId: string;
  status: PatientStatus;
  computedAt: Date;
  /** True when no assessment was stored yet and this one was computed for this answer only (not persisted). */
  live: boolean;
}

/**
 * The professional's view of a patient's risk: the stored assessment, or, for a patient never assessed, one
 * computed now without persisting it, so the answer is never empty. Another tenant's patient is "not found".
 */
export async function getPatientRisk(deps: { risk: PatientRiskReader; now: Date }, caller: { role: 'professional' | 'patient' }, input: { patientId: string }):
  Promise<Result<PatientRisk, 'PATIENT.NOT_FOUND'>> {
  if (caller.role !== 'professional') return fail('PATIENT.NOT_FOUND');
  const stored = await deps.risk.stored(input.patientId);
  if (!stored) return fail('PATIENT.NOT_FOUND');
  if (stored.assessment && stored.computedAt) {
    return ok({ patientId: input.patientId, status: stored.status, ...stored.assessment, computedAt: stored.computedAt, live: false });
  }
  const signals = await deps.risk.signals(input.patientId, deps.now);
  if (!signals) return fail('PATIENT.NOT_FOUND');
  return ok({ patientId: input.patientId, status: stored.status, ...computeRisk(signals), computedAt: deps.now, live: true });
}
