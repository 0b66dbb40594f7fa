import * as v from 'valibot';
import { BILLING_RECONCILE_REQUESTED, defineConsumer, RECONCILE_SUBSCRIPTION_CONSUMER, reconcileSubscription } from '@korevitta/platform';

/** `billing.reconcile_requested` v1 → the provider's current subscription stored as an event for the apply consumer. */
export default defineConsumer({
  type: BILLING_RECONCILE_REQUESTED,
  version: 1,
  consumer: RECONCILE_SUBSCRIPTION_CONSUMER,
  payload: v.strictObject({ professionalId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ professionalId }, { rt, envelope, now, log }) => {
    const outcome = await reconcileSubscription(rt, { professionalId, messageId: envelope.messageId, now });
    log.info('billing.reconciled', { outcome });
  },
});
