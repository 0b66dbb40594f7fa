

/** One at-risk patient on the dashboard: the score, its band and the factor that weighs most in it. */
export interface DashboardAtRisk { patientId: string; name: string; score: number | null; band: 'low' | 'moderate' | 'high' | null; topFactor: string | null }

/** mv_patient_dashboard's row of the caller, as the adapter reads it (rates 0–1, null without tasks). */
export interface DashboardSnapshot {
  patients: { total: number; active: number; atRisk: number; paused: number; archived: number };
  silent: { days7: number; days14: number };
  atRisk: DashboardAtRisk[];
  awaitingReview: number;
  oldestAwaitingAt: Date | null;
  adherence7d: number | null;
  adherencePrevious7d: number | null;
  adherence30d: number | null;
  /** When the view was last refreshed (null before the first refresh). */
  refreshedAt: Date | null;
}

export type Trend = 'up' | 'down' | 'flat';

export interface Dashboard extends DashboardSnapshot {
  /** The last 7 days against the 7 before them; null when either has no tasks. */
  adherenceTrend: Trend | null;
  /** How long the oldest answered check-in has waited for review, in whole hours (null when none waits). */
  oldestWaitHours: number | null;
}

export interface DashboardReader {
  /** The caller's own row (the database function filters by its tenant), or null for a non-professional. */
  read(): Promise<DashboardSnapshot | null>;
}

/** A change of less than two percentage points is noise, not a trend. */
export const TREND_THRESHOLD = 0.02;

export function adherenceTrend(last7: number | null, previous7: number | null): Trend | null {
  if (last7 === null || previous7 === null) return null;
  const delta = last7 - previous7;
  if (Math.abs(delta) < TREND_THRESHOLD) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

export function waitHours(since: Date | null, now: Date): number | null {
  return since === null ? null : Math.max(0, Math.floor((now.getTime() - since.getTime()) / 3_600_000));
}
