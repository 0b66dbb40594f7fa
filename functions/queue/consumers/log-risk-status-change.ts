import * as v from 'valibot';
import { PATIENT_STATUSES, RISK_STATUS_CHANGED } from '@korevitta/domain';
import { defineConsumer } from '@korevitta/platform';

/**
 * `patients.risk_status_changed` v1 → a structured log line (ids and statuses only; the change itself is already
 * audited and visible in the CRM). The hook where a professional notification will go; today it makes the
 * event observable instead of dead-lettering it as an unknown type. Idempotent: it changes nothing.
 */
export default defineConsumer({
  type: RISK_STATUS_CHANGED,
  version: 1,
  consumer: 'log-risk-status-change',
  payload: v.strictObject({
    patientId: v.pipe(v.string(), v.uuid()),
    professionalId: v.pipe(v.string(), v.uuid()),
    from: v.picklist(PATIENT_STATUSES),
    to: v.picklist(PATIENT_STATUSES),
    score: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  }),
  handle: async ({ patientId, professionalId, from, to }, { log }) => {
    log.info('risk.status_changed', { patientId, professionalId, from, to });
  },
});
