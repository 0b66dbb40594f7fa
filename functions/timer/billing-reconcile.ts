import { registerTimer, requestSubscriptionReconciliation } from '@korevitta/platform';

/**
 * `billing-reconcile`: daily at 04:10 UTC, one `billing.reconcile_requested` message per practice with a provider
 * customer on the critical queue; its consumer fetches the provider's subscription and applies it through the
 * webhook's order-safe path (ADR 0018). Covers webhooks lost beyond the provider's own retries.
 */
export default registerTimer({
  name: 'billing-reconcile',
  schedule: '0 10 4 * * *',
  handler: async ({ rt, now, log }) => {
    const requested = await requestSubscriptionReconciliation(rt, { now });
    log.info('billing.reconcile_requested', { practices: requested });
  },
});
