import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_RECONCILE_REQUESTED, createStripeProvider, useBillingProvider } from '@korevitta/platform';
import { createProfessional, type Professional } from '../support/factories.ts';
import { startFakeStripe } from '../support/fake-stripe.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { billingDelivery, subscriptionObject } from './support.ts';

/**
 * ADR 0018's daily reconciliation through the Stripe adapter (`currentSubscription`: GET /v1/subscriptions with
 * the customer, every status, newest only) against the local server that speaks Stripe's API: the provider's
 * subscription is applied like a webhook; a customer without one stores nothing.
 */
describe('billing reconciliation through the Stripe adapter', () => {
  let h: TestHost;
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  let delivery: ReturnType<typeof billingDelivery>;
  beforeAll(async () => {
    h = await startTestHost();
    stripe = await startFakeStripe();
    useBillingProvider(h.rt, createStripeProvider({ billing: { ...h.rt.config.billing, stripeSecretKey: 'sk_test_fake' } }, stripe.endpoint, { timeoutMs: 2_000 }));
    delivery = billingDelivery(h);
  });
  afterAll(async () => { await delivery.stop(); await stripe.stop(); await h.stop(); });

  const reconcile = async (pro: Professional) => {
    await h.rt.queue.send('critical', {
      messageId: `reconcile-${pro.professionalId}-${Date.now()}`, type: BILLING_RECONCILE_REQUESTED, version: 1, occurredAt: new Date().toISOString(), correlationId: null,
      payload: { professionalId: pro.professionalId },
    });
    await delivery.drain();
    await delivery.deliver();
  };
  /** Checks out through the adapter: the provider customer it created, as the checkout session names it. */
  const customerOf = async (pro: Professional) => {
    expect((await h.api.post('/v1/subscription/checkout', { plan: 'pro' }, { token: pro.accessToken })).status).toBe(200);
    const checkout = [...stripe.bodiesByKey.values()].map((b) => new URLSearchParams(b[0])).find((p) => p.get('client_reference_id') === pro.professionalId)!;
    return checkout.get('customer')!;
  };

  it('when Stripe holds an active subscription the webhooks never brought, then the reconciliation asks for the newest one and makes the practice pro', async () => {
    const pro = await createProfessional(h, { plan: null });
    const customer = await customerOf(pro);
    const now = Math.floor(h.rt.clock.now().getTime() / 1000);
    stripe.subscriptions.set(customer, [
      subscriptionObject({ id: 'sub_newest', customer, status: 'active', professionalId: pro.professionalId, price: h.rt.config.billing.prices.pro, periodStart: now - 60, periodEnd: now + 30 * 86_400 }),
      subscriptionObject({ id: 'sub_older', customer, status: 'canceled', professionalId: pro.professionalId, periodStart: now - 90 * 86_400, periodEnd: now - 60 * 86_400 }),
    ]);
    await reconcile(pro);
    expect(stripe.listQueries.at(-1)).toBe(`?customer=${customer}&status=all&limit=1`);
    const sub = (await h.api.get('/v1/subscription', { token: pro.accessToken })).body;
    expect(sub).toMatchObject({ plan: { code: 'pro' }, status: 'active', limits: { activePatients: 100 } });
    expect(new Date(sub.currentPeriodEnd).getTime()).toBe((now + 30 * 86_400) * 1000);
  });

  it('when Stripe holds no subscription for the customer, then nothing changes', async () => {
    const pro = await createProfessional(h, { plan: null });
    await customerOf(pro);
    const before = stripe.listQueries.length;
    await reconcile(pro);
    expect(stripe.listQueries.length).toBe(before + 1);
    expect((await h.api.get('/v1/subscription', { token: pro.accessToken })).body).toMatchObject({ plan: { code: 'free' } });
  });
});
