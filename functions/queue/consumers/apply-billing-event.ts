import * as v from 'valibot';
import { APPLY_BILLING_EVENT_CONSUMER, applyStoredBillingEvent, BILLING_EVENT_RECEIVED, defineConsumer } from '@korevitta/platform';

/** `billing.event_received` v1 → the stored provider event applied to the practice's subscription, once. */
export default defineConsumer({
  type: BILLING_EVENT_RECEIVED,
  version: 1,
  consumer: APPLY_BILLING_EVENT_CONSUMER,
  payload: v.strictObject({ billingEventId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ billingEventId }, { rt, envelope, now, log }) => {
    const outcome = await applyStoredBillingEvent(rt, { billingEventId, messageId: envelope.messageId, now });
    log.info('billing.event_applied', { outcome });
  },
});
