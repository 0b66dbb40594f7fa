import { sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { firstRow } from '../rows.ts';
import { withSystemBypass } from '../tenant.ts';

/** The materialized views of the `analytics` schema (ADR 0019), each refreshed by its own job message. */
export const ANALYTICS_VIEWS = ['mv_patient_dashboard', 'mv_protocol_effectiveness'] as const;
export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number];

/** pg_try_advisory_xact_lock keys: one per view, so two refreshes of the same view never run at once. */
const LOCK_KEYS: Record<AnalyticsView, number> = { mv_patient_dashboard: 7_301_201, mv_protocol_effectiveness: 7_301_202 };

export type RefreshOutcome = { outcome: 'refreshed'; ms: number } | { outcome: 'skipped_running' };

/**
 * REFRESH MATERIALIZED VIEW CONCURRENTLY as the system role (a member of the views' owner, korevitta_analytics):
 * readers keep the previous contents until the new ones commit, and a refresh that fails rolls back and leaves
 * the last good view in place. A refresh already running (the advisory lock is taken) is skipped, not queued.
 */
export async function refreshAnalyticsView(db: Database, view: AnalyticsView): Promise<RefreshOutcome> {
  return withSystemBypass(db, `job: refresh ${view}`, async (tx) => {
    const lock = firstRow<{ got: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEYS[view]}) as got`));
    if (!lock?.got) return { outcome: 'skipped_running' };
    const started = performance.now();
    await tx.execute(sql`refresh materialized view concurrently ${sql.identifier('analytics')}.${sql.identifier(view)}`);
    return { outcome: 'refreshed', ms: Math.round(performance.now() - started) };
  });
}
