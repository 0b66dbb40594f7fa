import { fail, ok, type Result } from '../shared/result.ts';
import { type Dashboard, type DashboardReader, adherenceTrend, waitHours } from './dashboard.ts';

/** GET /v1/dashboard: the professional's day from the materialized view, with the trend and the wait derived. */
export async function getDashboard(deps: { dashboard: DashboardReader; now: Date }): Promise<Result<Dashboard, 'AUTH.FORBIDDEN'>> {
  const snapshot = await deps.dashboard.read();
  if (!snapshot) return fail('AUTH.FORBIDDEN');
  return ok({ ...snapshot, adherenceTrend: adherenceTrend(snapshot.adherence7d, snapshot.adherencePrevious7d), oldestWaitHours: waitHours(snapshot.oldestAwaitingAt, deps.now) });
}
