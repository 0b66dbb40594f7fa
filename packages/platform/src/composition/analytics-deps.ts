import { ANALYTICS_VIEWS, createDashboardReader, createProtocolEffectivenessReader, refreshAnalyticsView, withTenant, type AnalyticsView } from '@korevitta/db';
import { getDashboard, listProtocolEffectiveness, type EffectivenessKey } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Logger } from '../observability/logger.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';

export { ANALYTICS_VIEWS, type AnalyticsView };

/** The bulk-queue message that asks for one view's refresh (a timer sends one per view and schedule slot). */
export const ANALYTICS_REFRESH_REQUESTED = 'analytics.refresh_requested';

/** GET /v1/dashboard: one tenant transaction, one statement after the context. */
export function readDashboard(rt: Runtime, auth: AuthContext) {
  const now = rt.clock.now();
  return withTenant(rt.db, tenantOf(auth), (tx) => getDashboard({ dashboard: createDashboardReader(tx), now }));
}

/** GET /v1/analytics/protocol-effectiveness: one tenant transaction, one statement after the context. */
export function readProtocolEffectiveness(rt: Runtime, auth: AuthContext, query: { after: EffectivenessKey | null; limit: number }) {
  return withTenant(rt.db, tenantOf(auth), (tx) => listProtocolEffectiveness({ effectiveness: createProtocolEffectivenessReader(tx) }, query));
}

/**
 * Enqueues one refresh per view for the schedule slot `slot` (its messageId is derived from both, so a timer
 * run repeated within the slot collapses in duplicate detection).
 */
export async function requestAnalyticsRefresh(rt: Runtime, now: Date, slot: string): Promise<void> {
  for (const view of ANALYTICS_VIEWS) {
    await rt.queue.send('bulk', {
      messageId: `analytics-refresh:${view}:${slot}`, type: ANALYTICS_REFRESH_REQUESTED, version: 1,
      occurredAt: now.toISOString(), correlationId: null, payload: { view },
    });
  }
}

/**
 * Refreshes one view. A failure is logged as `analytics.refresh_failed` (the alert's signal; OPERATIONS.md) and
 * rethrown, so the message is retried and, after the delivery limit, dead-lettered; the last good view stays.
 */
export async function refreshAnalytics(rt: Runtime, view: AnalyticsView, log: Logger): Promise<void> {
  try {
    const r = await refreshAnalyticsView(rt.db, view);
    log.info('analytics.refreshed', { view, outcome: r.outcome, ms: r.outcome === 'refreshed' ? r.ms : 0 });
  } catch (error) {
    log.error('analytics.refresh_failed', { view, error: error instanceof Error ? error.name : 'unknown' });
    throw error;
  }
}
