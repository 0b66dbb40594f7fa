import * as v from 'valibot';
import { ANALYTICS_REFRESH_REQUESTED, ANALYTICS_VIEWS, defineConsumer, refreshAnalytics } from '@korevitta/platform';

/**
 * `analytics.refresh_requested` v1 (bulk) → REFRESH MATERIALIZED VIEW CONCURRENTLY of one view (jobs
 * `refresh_patient_dashboard`, `refresh_protocol_effectiveness`, seed §11.1). Idempotent: a refresh recomputes
 * the whole view; one already running makes this one a no-op (advisory lock).
 */
export default defineConsumer({
  type: ANALYTICS_REFRESH_REQUESTED,
  version: 1,
  consumer: 'refresh-analytics-view',
  payload: v.strictObject({ view: v.picklist(ANALYTICS_VIEWS) }),
  handle: async ({ view }, { rt, log }) => {
    await refreshAnalytics(rt, view, log);
  },
});
