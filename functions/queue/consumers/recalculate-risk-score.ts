import * as v from 'valibot';
import { RISK_RECALCULATION_REQUESTED } from '@korevitta/domain';
import { defineConsumer, recalculateRiskOnRequest, RECALCULATE_RISK_CONSUMER } from '@korevitta/platform';

/** `risk.recalculation_requested` v1 (coalesced per patient, see packages/db/src/risk/requests.ts) → one recalculation. */
export default defineConsumer({
  type: RISK_RECALCULATION_REQUESTED,
  version: 1,
  consumer: RECALCULATE_RISK_CONSUMER,
  payload: v.strictObject({ patientId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ patientId }, { rt, envelope, now, log }) => {
    const result = await recalculateRiskOnRequest(rt, { patientId, deliveryId: envelope.messageId, correlationId: envelope.correlationId, now });
    log.info('risk.recalculated', { outcome: result.outcome, statusChanged: result.statusChanged });
  },
});
