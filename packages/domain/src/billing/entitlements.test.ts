import { describe, expect, it } from 'vitest';
import { checkGrowth, decideGrowth, freeSubscription, PAST_DUE_GRACE_DAYS, type EntitlementReader, type Plan, type PlanCode, type Subscription } from '../index.ts';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const DAY = 86_400_000;
const FREE = { activePatients: 5, storageBytes: 1000, invitesPerDay: 10 };
const sub = (over: Partial<Subscription> = {}): Subscription => ({ ...freeSubscription('p1'), ...over });

describe('growth within the plan (decideGrowth)', () => {
  it('when usage plus the addition fits the limit, then growth is allowed', () => {
    expect(decideGrowth(sub(), FREE, 4, NOW, { resource: 'activePatients', adding: 1 })).toEqual({ kind: 'allow' });
  });

  it('when the limit is reached, then it is refused with the limit and the usage', () => {
    expect(decideGrowth(sub(), FREE, 5, NOW, { resource: 'activePatients', adding: 1 }))
      .toEqual({ kind: 'deny', code: 'SUBSCRIPTION.LIMIT_REACHED', resource: 'activePatients', limit: 5, usage: 5 });
  });

  it('when the limit is null, then anything fits', () => {
    expect(decideGrowth(sub(), { ...FREE, activePatients: null }, 10_000, NOW, { resource: 'activePatients', adding: 1 })).toEqual({ kind: 'allow' });
  });

  it('when storage bytes would pass the cap, then the upload is refused', () => {
    expect(decideGrowth(sub(), FREE, 900, NOW, { resource: 'storageBytes', adding: 101 })).toMatchObject({ kind: 'deny', resource: 'storageBytes', limit: 1000, usage: 900 });
  });

  it('when past due within the grace period, then growth is still allowed', () => {
    const pastDue = sub({ status: 'past_due', pastDueSince: new Date(NOW.getTime() - (PAST_DUE_GRACE_DAYS * DAY - 1)) });
    expect(decideGrowth(pastDue, FREE, 0, NOW, { resource: 'activePatients', adding: 1 })).toEqual({ kind: 'allow' });
  });

  it('when past due beyond the grace period, then growth is refused even under the limit', () => {
    const since = new Date(NOW.getTime() - PAST_DUE_GRACE_DAYS * DAY);
    expect(decideGrowth(sub({ status: 'past_due', pastDueSince: since }), FREE, 0, NOW, { resource: 'activePatients', adding: 1 }))
      .toEqual({ kind: 'deny', code: 'SUBSCRIPTION.PAST_DUE', graceEndedAt: NOW });
  });
});

describe('checkGrowth over its ports', () => {
  const plans = new Map<PlanCode, Plan>([
    ['free', { code: 'free', name: 'Gratuito', version: 1, limits: FREE }],
    ['pro', { code: 'pro', name: 'Pro', version: 1, limits: { ...FREE, activePatients: 100 } }],
  ]);
  const reader = (subscription: Subscription | null, usage: number, calls: string[] = []): EntitlementReader => ({
    lockGrowth: async () => { calls.push('lock'); },
    subscription: async () => { calls.push('subscription'); return subscription; },
    plans: async () => plans,
    usage: async () => { calls.push('usage'); return usage; },
  });

  it('when a practice never subscribed, then the free plan applies, and the lock is taken before reading', async () => {
    const calls: string[] = [];
    const result = await checkGrowth({ entitlements: reader(null, 5, calls), now: NOW }, { professionalId: 'p1', resource: 'activePatients', adding: 1 });
    expect(result).toEqual({ ok: false, error: { code: 'SUBSCRIPTION.LIMIT_REACHED', params: { resource: 'activePatients', limit: 5, usage: 5 } } });
    expect(calls).toEqual(['lock', 'subscription', 'usage']);
  });

  it('when a pro subscription is canceled, then the free limits apply again (nothing is deleted)', async () => {
    const canceled = sub({ planCode: 'pro', status: 'canceled' });
    expect((await checkGrowth({ entitlements: reader(canceled, 5), now: NOW }, { professionalId: 'p1', resource: 'activePatients', adding: 1 })).ok).toBe(false);
    expect((await checkGrowth({ entitlements: reader(sub({ planCode: 'pro' }), 5), now: NOW }, { professionalId: 'p1', resource: 'activePatients', adding: 1 })).ok).toBe(true);
  });
});
