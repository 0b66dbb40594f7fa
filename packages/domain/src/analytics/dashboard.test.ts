import { describe, expect, it } from 'vitest';
import { adherenceTrend, waitHours, type DashboardSnapshot } from './dashboard.ts';
import { getDashboard } from './get-dashboard.ts';

const snapshot = (over: Partial<DashboardSnapshot> = {}): DashboardSnapshot => ({
  patients: { total: 3, active: 2, atRisk: 1, paused: 0, archived: 0 }, silent: { days7: 1, days14: 0 }, atRisk: [],
  awaitingReview: 0, oldestAwaitingAt: null, adherence7d: null, adherencePrevious7d: null, adherence30d: null, refreshedAt: null, ...over,
});

describe('dashboard rules', () => {
  it.each([
    [0.8, 0.7, 'up'], [0.6, 0.7, 'down'], [0.71, 0.7, 'flat'], [0.69, 0.7, 'flat'], [null, 0.7, null], [0.7, null, null],
  ] as const)('when the last 7 days are %s against %s, then the trend is %s', (last, prev, trend) => {
    expect(adherenceTrend(last, prev)).toBe(trend);
  });

  it('when a check-in has waited 49.5 hours, then the wait is 49 whole hours; none waiting is null', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(waitHours(new Date(now.getTime() - 49.5 * 3_600_000), now)).toBe(49);
    expect(waitHours(null, now)).toBeNull();
  });

  it('when the reader has no row for the caller (not a professional), then the use case refuses', async () => {
    const res = await getDashboard({ dashboard: { read: async () => null }, now: new Date() });
    expect(res).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('when the reader has the row, then the trend and the wait are derived from it', async () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const res = await getDashboard({ dashboard: { read: async () => snapshot({ adherence7d: 0.9, adherencePrevious7d: 0.5, oldestAwaitingAt: new Date('2026-12-03T09:00:00Z') }) }, now });
    expect(res.ok && [res.value.adherenceTrend, res.value.oldestWaitHours]).toEqual(['up', 3]);
  });
});
