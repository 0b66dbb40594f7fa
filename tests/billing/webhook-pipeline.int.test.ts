import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, tables, withSystemBypass } from '@korevitta/db';
import { applyStoredBillingEvent } from '@korevitta/platform';
import { createProfessional, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { billingDelivery, postSigned, PRICE, stripeEvent, subscriptionObject, invoiceObject } from './support.ts';

/** TEST-CATALOG 40 through the real webhook, outbox relay, critical queue and consumer. */
describe('billing webhook: stored once, applied once, in order (TEST-CATALOG 40)', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof billingDelivery>;
  beforeAll(async () => { h = await startTestHost(); delivery = billingDelivery(h); });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const nowS = () => Math.floor(h.rt.clock.now().getTime() / 1000);
  const practice = async () => {
    const pro = await createProfessional(h, { plan: null });
    return { pro, customer: `cus_${randomUUID().slice(0, 12)}`, sub: `sub_${randomUUID().slice(0, 12)}` };
  };
  const subEvent = (p: { pro: Professional; customer: string; sub: string }, type: string, status: string, created: number, price: string = PRICE.pro) =>
    stripeEvent(type, subscriptionObject({ id: p.sub, customer: p.customer, status, price, professionalId: p.pro.professionalId, periodStart: created, periodEnd: created + 30 * 86_400 }), { created });
  const subscription = async (pro: Professional) => (await h.api.get('/v1/subscription', { token: pro.accessToken })).body;
  const auditActions = async (pro: Professional) => (await h.api.get('/v1/audit-log?entityType=subscription', { token: pro.accessToken })).body.items as { action: string; actorRole: string; changes: Record<string, unknown> }[];
  const outboxRows = async (eventId: string) => rowsOf<{ n: number }>(await withSystemBypass(h.db, 'test', (tx) => tx.execute(sql`
    select count(*)::int as n from event_outbox o join billing_events e on o.message_id = e.id::text where e.provider_event_id = ${eventId}`)))[0]?.n;

  it('when the same event arrives twice, then the second is a duplicate, one outbox row, one effect, audited as system', async () => {
    const p = await practice();
    const e = subEvent(p, 'customer.subscription.created', 'active', nowS());
    expect((await postSigned(h, JSON.stringify(e))).body).toEqual({ received: true, duplicate: false });
    expect((await postSigned(h, JSON.stringify(e))).body).toEqual({ received: true, duplicate: true });
    expect(await outboxRows(e.id)).toBe(1);
    await delivery.deliver();
    expect(await subscription(p.pro)).toMatchObject({ plan: { code: 'pro' }, status: 'active', limits: { activePatients: 100 } });
    const audit = await auditActions(p.pro);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'subscription.updated', actorRole: 'system', changes: { planCode: { before: 'free', after: 'pro' } } });
  });

  it('when ten copies arrive at once, then exactly one is stored and queued', async () => {
    const p = await practice();
    const text = JSON.stringify(subEvent(p, 'customer.subscription.created', 'active', nowS()));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postSigned(h, text)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await outboxRows(JSON.parse(text).id)).toBe(1);
  });

  it('when a provider redelivers an event three days later, then it is a duplicate and changes nothing', async () => {
    const p = await practice();
    const e = subEvent(p, 'customer.subscription.created', 'active', nowS());
    await postSigned(h, JSON.stringify(e));
    await delivery.deliver();
    h.clock.advance(3 * 86_400_000);
    try {
      const again = await postSigned(h, JSON.stringify(e));
      expect(again.body).toEqual({ received: true, duplicate: true });
      await delivery.deliver();
    } finally { h.clock.reset(); }
    expect(await auditActions(p.pro)).toHaveLength(1);
  });

  it('when updated arrives before its created, and an old payment failure after a paid invoice, then the newest state wins', async () => {
    const p = await practice();
    const t = nowS();
    await postSigned(h, JSON.stringify(subEvent(p, 'customer.subscription.updated', 'active', t + 20, PRICE.clinic)));
    await delivery.deliver();
    await postSigned(h, JSON.stringify(subEvent(p, 'customer.subscription.created', 'trialing', t + 10, PRICE.pro)));
    await postSigned(h, JSON.stringify(stripeEvent('invoice.paid', invoiceObject({ customer: p.customer, subscription: p.sub, periodEnd: t + 20 + 30 * 86_400 }), { created: t + 30 })));
    await delivery.deliver();
    await postSigned(h, JSON.stringify(stripeEvent('invoice.payment_failed', invoiceObject({ customer: p.customer, subscription: p.sub, periodEnd: t }), { created: t + 25 })));
    await delivery.deliver();
    expect(await subscription(p.pro)).toMatchObject({ plan: { code: 'clinic' }, status: 'active', growthBlocked: false });
    const outcomes = await withSystemBypass(h.db, 'test', (tx) => tx.select({ type: tables.billingEvents.type, outcome: tables.billingEvents.outcome }).from(tables.billingEvents)
      .where(eq(tables.billingEvents.professionalId, p.pro.professionalId)));
    expect(outcomes.map((o) => `${o.type}:${o.outcome}`).sort()).toEqual([
      'customer.subscription.created:stale', 'customer.subscription.updated:applied', 'invoice.paid:unchanged', 'invoice.payment_failed:stale',
    ]);
  });

  it('when the consumer crashes mid-apply, then nothing of it is kept, and the redelivery applies it exactly once', async () => {
    const p = await practice();
    const e = subEvent(p, 'customer.subscription.created', 'active', nowS());
    await postSigned(h, JSON.stringify(e));
    const [row] = await withSystemBypass(h.db, 'test', (tx) => tx.select({ id: tables.billingEvents.id }).from(tables.billingEvents).where(eq(tables.billingEvents.providerEventId, e.id)));
    const input = { billingEventId: row!.id, messageId: row!.id, now: h.rt.clock.now() };
    await expect(applyStoredBillingEvent(h.rt, input, { beforeMarkApplied: () => { throw new Error('injected crash'); } })).rejects.toThrow('injected crash');
    expect(await subscription(p.pro)).toMatchObject({ plan: { code: 'free' } });
    expect(await applyStoredBillingEvent(h.rt, input)).toBe('applied');
    expect(await applyStoredBillingEvent(h.rt, input)).toBe('skipped_duplicate');
    expect(await auditActions(p.pro)).toHaveLength(1);
    expect(await subscription(p.pro)).toMatchObject({ plan: { code: 'pro' } });
  });

  it('when an event can never apply (a price of no plan), then it is dead-lettered with the reason and the subscription is untouched', async () => {
    const p = await practice();
    await postSigned(h, JSON.stringify(subEvent(p, 'customer.subscription.created', 'active', nowS(), 'price_unknown')));
    await delivery.deliver();
    const dead = (await h.rt.localQueue!.peekDeadLetters('critical')).filter((d) => d.envelope.type === 'billing.event_received');
    expect(dead.at(-1)).toMatchObject({ reason: 'InvalidBillingEvent', description: expect.stringContaining('price of no plan') });
    expect(await subscription(p.pro)).toMatchObject({ plan: { code: 'free' } });
  });

  it('when an event names no known practice or customer, then it is marked unknown_customer (not retried forever)', async () => {
    const p = await practice();
    const stranger = { ...p, pro: { ...p.pro, professionalId: randomUUID() } };
    const e = subEvent(stranger, 'customer.subscription.created', 'active', nowS());
    await postSigned(h, JSON.stringify(e));
    await delivery.deliver();
    const [row] = await withSystemBypass(h.db, 'test', (tx) => tx.select().from(tables.billingEvents).where(eq(tables.billingEvents.providerEventId, e.id)));
    expect(row).toMatchObject({ outcome: 'unknown_customer', appliedAt: expect.any(Date) });
  });
});
