import { registerTimer, requestAnalyticsRefresh } from '@korevitta/platform';

/**
 * `analytics-refresh-request`: every fifteen minutes, only enqueues one refresh per materialized view on the bulk queue
 * (TEST-CATALOG 38: the timer enqueues, the consumer does the work, a failed slot is covered by the next one).
 */
export default registerTimer({
  name: 'analytics-refresh-request',
  schedule: '0 */15 * * * *',
  handler: async ({ rt, now }) => {
    const slot = new Date(Math.floor(now.getTime() / 900_000) * 900_000).toISOString();
    await requestAnalyticsRefresh(rt, now, slot);
  },
});
