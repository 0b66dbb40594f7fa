import { describe, expect, it } from 'vitest';
import { applyBillingEvent, freeSubscription, type BillingEvent, type Subscription } from '../index.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s));
const start = freeSubscription('p1');
const changed = (s: number, status: 'active' | 'past_due' | 'canceled' | 'trialing' = 'active', over: Partial<Extract<BillingEvent, { kind: 'subscription_changed' }>> = {}): BillingEvent => ({
  kind: 'subscription_changed', occurredAt: at(s), customerId: 'cus_1', subscriptionId: 'sub_1', planCode: 'pro', status,
  currentPeriodStart: at(0), currentPeriodEnd: new Date(Date.UTC(2027, 0, 3)), ...over,
});

function run(events: BillingEvent[], from: Subscription = start): Subscription {
  return events.reduce((s, e) => { const d = applyBillingEvent(s, e); return d.kind === 'apply' ? d.next : s; }, from);
}

describe('subscription state machine (applyBillingEvent)', () => {
  it('when a subscription is created, then the practice moves to its plan and status, with the changes listed', () => {
    const d = applyBillingEvent(start, changed(1));
    expect(d.kind).toBe('apply');
    if (d.kind !== 'apply') return;
    expect(d.next).toMatchObject({ planCode: 'pro', status: 'active', providerSubscriptionId: 'sub_1', lastEventAt: at(1), revision: 1 });
    expect(d.changes.planCode).toEqual({ before: 'free', after: 'pro' });
  });

  it('when the same event is applied twice, then the second changes nothing', () => {
    const once = run([changed(1)]);
    const d = applyBillingEvent(once, changed(1));
    expect(d.kind === 'apply' ? d.changes : null).toEqual({});
    expect(d.kind === 'apply' ? d.next.revision : -1).toBe(once.revision);
  });

  it('when an older event arrives after a newer one, then it is stale and changes nothing', () => {
    const now = run([changed(5, 'active')]);
    expect(applyBillingEvent(now, { kind: 'payment_failed', occurredAt: at(3), subscriptionId: 'sub_1' })).toEqual({ kind: 'unchanged', reason: 'stale' });
  });

  it('when updated arrives before its created, then the end state is the newer snapshot either way', () => {
    const inOrder = run([changed(1, 'trialing'), changed(2, 'active')]);
    const reversed = run([changed(2, 'active'), changed(1, 'trialing')]);
    expect({ ...reversed, revision: 0 }).toEqual({ ...inOrder, revision: 0 });
    expect(reversed).toMatchObject({ status: 'active', lastEventAt: at(2) });
  });

  it('when a payment fails, then past due starts once, and a paid invoice clears it', () => {
    const failed = run([changed(1), { kind: 'payment_failed', occurredAt: at(2), subscriptionId: 'sub_1' }, { kind: 'payment_failed', occurredAt: at(3), subscriptionId: 'sub_1' }]);
    expect(failed).toMatchObject({ status: 'past_due', pastDueSince: at(2) });
    expect(run([{ kind: 'invoice_paid', occurredAt: at(4), subscriptionId: 'sub_1', periodEnd: null }], failed)).toMatchObject({ status: 'active', pastDueSince: null });
  });

  it('when two events share a second, then a lower status does not replace a higher one', () => {
    const canceled = run([changed(1), { kind: 'subscription_deleted', occurredAt: at(2), subscriptionId: 'sub_1' }]);
    expect(applyBillingEvent(canceled, changed(2, 'active'))).toEqual({ kind: 'unchanged', reason: 'stale' });
  });

  it('when deleted, then the subscription is canceled and keeps its plan code (limits fall back to free elsewhere)', () => {
    expect(run([changed(1), { kind: 'subscription_deleted', occurredAt: at(2), subscriptionId: 'sub_1' }])).toMatchObject({ status: 'canceled', planCode: 'pro' });
  });

  it('when an event names another subscription than the live one, then it is ignored', () => {
    expect(applyBillingEvent(run([changed(1)]), changed(2, 'canceled', { subscriptionId: 'sub_old' }))).toEqual({ kind: 'unchanged', reason: 'other_subscription' });
  });

  it('when a new subscription follows a canceled one, then it binds', () => {
    const canceled = run([changed(1), { kind: 'subscription_deleted', occurredAt: at(2), subscriptionId: 'sub_1' }]);
    expect(run([changed(3, 'active', { subscriptionId: 'sub_2' })], canceled)).toMatchObject({ status: 'active', providerSubscriptionId: 'sub_2' });
  });
});
