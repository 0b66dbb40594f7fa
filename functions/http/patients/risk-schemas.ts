import * as v from 'valibot';
import { decimal, integer, multiLine, PATIENT_STATUSES, RISK_BANDS, RISK_FACTORS, type PatientRisk } from '@korevitta/domain';
import { Id, Instant } from '../shared-schemas.ts';

/** The response of GET /v1/patients/{patientId}/risk (risk/README.md explains the factors). */
export const PatientRiskBody = v.strictObject({
  patientId: Id,
  score: integer(0, 100),
  band: v.picklist(RISK_BANDS),
  status: v.picklist(PATIENT_STATUSES),
  factors: v.pipe(v.array(v.strictObject({
    factor: v.picklist(RISK_FACTORS),
    /** The signal's value (a rate 0..1, a count, hours or days); null without data. */
    value: v.nullable(decimal(-1_000_000, 1_000_000)),
    /** Integer points; the contributions sum to the score. */
    contribution: integer(0, 100),
    explanation: multiLine(500),
  })), v.maxLength(20)),
  computedAt: Instant,
  /** True when the patient was never assessed and this answer was computed now, without being stored. */
  live: v.boolean(),
});

export const toPatientRiskBody = (r: PatientRisk): v.InferOutput<typeof PatientRiskBody> => ({
  patientId: r.patientId,
  score: r.score,
  band: r.band,
  status: r.status,
  factors: r.factors.map((f) => ({ factor: f.factor, value: f.value, contribution: f.contribution, explanation: f.explanation })),
  computedAt: r.computedAt.toISOString(),
  live: r.live,
});
