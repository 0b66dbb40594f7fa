import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import { BILLING_RECONCILE_REQUESTED, sendLocalBillingEvents, type TimerFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { billingDelivery, postSigned, stripeEvent, subscriptionObject } from './support.ts';

const DAY = 86_400_000;

/** ADR 0018: the daily reconciliation fetches the provider's subscription and applies it like a webhook (local billing provider). */
describe('billing reconciliation', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof billingDelivery>;
  beforeAll(async () => {
    h = await startTestHost();
    delivery = billingDelivery(h);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const timer = allFunctions.find((f): f is TimerFunctionDefinition => f.kind === 'timer' && f.name === 'billing-reconcile')!;
  /** The daily timer at `now`, then its critical-queue messages, then the stored events' apply consumer. */
  const reconcile = async (now: Date) => {
    await timer.handler({ rt: h.rt, now, isPastDue: false, log: h.rt.log });
    await delivery.drain();
    await delivery.deliver();
  };
  const sub = async (pro: Professional) => (await h.api.get('/v1/subscription', { token: pro.accessToken })).body;
  const audits = async (pro: Professional) => (await h.api.get('/v1/audit-log?entityType=subscription', { token: pro.accessToken })).body.items as { action: string; actorRole: string; changes: Record<string, { after?: unknown }> }[];

  it('when the payment webhooks were lost, then the daily reconciliation makes the practice pro, audited as system; again changes nothing; a late stale webhook changes nothing', async () => {
    expect(timer.schedule).toBe('0 10 4 * * *');
    const pro = await createProfessional(h, { plan: null });
    const checkout = await h.api.post('/v1/subscription/checkout', { plan: 'pro' }, { token: pro.accessToken });
    expect(checkout.status).toBe(200);
    const sessionId = new URL(checkout.body.url).pathname.split('/')[4]!;
    // "Pay" at the provider, but every webhook is lost on the way (nothing listens on port 9).
    await expect(sendLocalBillingEvents(h.rt.config, { origin: 'http://127.0.0.1:9', sessionId, action: 'pay', now: h.rt.clock.now() })).rejects.toThrow();
    await delivery.deliver();
    expect(await sub(pro)).toMatchObject({ plan: { code: 'free' } });

    const day1 = h.rt.clock.now();
    await reconcile(day1);
    expect(await sub(pro)).toMatchObject({ plan: { code: 'pro' }, status: 'active', limits: { activePatients: 100 } });
    const [entry, ...rest] = await audits(pro);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ action: 'subscription.updated', actorRole: 'system' });
    expect(entry!.changes.providerEvent).toEqual({ after: 'korevitta.subscription_reconciled' });
    expect(entry!.changes.planCode).toMatchObject({ after: 'pro' });

    // The same day again (a redelivered or repeated run) stores nothing; the next day applies the same snapshot: no change, no audit.
    await reconcile(day1);
    await reconcile(new Date(day1.getTime() + DAY));
    expect(await audits(pro)).toHaveLength(1);
    const events = await withSystemBypass(h.db, 'test', (tx) => tx.select({ outcome: tables.billingEvents.outcome }).from(tables.billingEvents)
      .where(eq(tables.billingEvents.professionalId, pro.professionalId)));
    expect(events.map((e) => e.outcome).sort()).toEqual(['applied', 'unchanged']);

    // A lost webhook Stripe retries hours later is older than the reconciled snapshot: it changes nothing.
    const [row] = await withSystemBypass(h.db, 'test', (tx) => tx.select().from(tables.subscriptions).where(eq(tables.subscriptions.professionalId, pro.professionalId)));
    const late = stripeEvent('customer.subscription.updated', subscriptionObject({
      id: row!.providerSubscriptionId!, customer: row!.providerCustomerId!, status: 'past_due', professionalId: pro.professionalId,
      periodStart: Math.floor(day1.getTime() / 1000) - 60, periodEnd: Math.floor(day1.getTime() / 1000) + 30 * 86_400,
    }), { created: Math.floor(day1.getTime() / 1000) - 60 });
    expect((await postSigned(h, JSON.stringify(late))).status).toBe(200);
    await delivery.deliver();
    expect(await sub(pro)).toMatchObject({ plan: { code: 'pro' }, status: 'active' });
    expect(await audits(pro)).toHaveLength(1);
  });

  it('when a practice has no provider customer or the provider holds no subscription, then nothing is stored', async () => {
    const pro = await createProfessional(h, { plan: null });
    const before = h.logs.length;
    await h.rt.queue.send('critical', { messageId: `test-${pro.professionalId}`, type: BILLING_RECONCILE_REQUESTED, version: 1, occurredAt: new Date().toISOString(), correlationId: null, payload: { professionalId: pro.professionalId } });
    await delivery.drain();
    // A customer the provider has no subscription for.
    expect((await h.api.post('/v1/subscription/checkout', { plan: 'pro' }, { token: pro.accessToken })).status).toBe(200);
    await h.rt.queue.send('critical', { messageId: `test2-${pro.professionalId}`, type: BILLING_RECONCILE_REQUESTED, version: 1, occurredAt: new Date().toISOString(), correlationId: null, payload: { professionalId: pro.professionalId } });
    await delivery.drain();
    const outcomes = h.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'billing.reconciled').map((e) => e.outcome);
    expect(outcomes).toEqual(['no_customer', 'no_subscription']);
    expect(await sub(pro)).toMatchObject({ plan: { code: 'free' } });
  });
});
