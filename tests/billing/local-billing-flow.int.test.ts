import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingProvider } from '@korevitta/domain';
import { createLocalBillingProvider, useBillingProvider } from '@korevitta/platform';
import { createProfessional, login, setSubscription, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { billingDelivery } from './support.ts';

/** End to end on the local billing provider: checkout → signed webhooks → queue → plan → limits; and the quota (17). */
describe('subscriptions end to end on the local billing provider', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof billingDelivery>;
  const calls = { customer: 0, checkout: 0, portal: 0 };
  beforeAll(async () => {
    h = await startTestHost({ env: { BILLING_DAILY_SESSION_QUOTA: '3' } });
    delivery = billingDelivery(h);
    const local = createLocalBillingProvider(h.rt.config);
    const counted: BillingProvider = {
      createCustomer: (i) => { calls.customer += 1; return local.createCustomer(i); },
      createCheckoutSession: (i) => { calls.checkout += 1; return local.createCheckoutSession(i); },
      createPortalSession: (i) => { calls.portal += 1; return local.createPortalSession(i); },
      currentSubscription: (i) => local.currentSubscription(i),
    };
    useBillingProvider(h.rt, counted);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const addPatient = (pro: Professional) => h.api.post('/v1/patients', { name: 'Paciente' }, { token: pro.accessToken });
  const act = async (url: string, action: string) => {
    const path = new URL(url).pathname;
    const res = await h.api.post(path, { action });
    expect(res.status).toBe(200);
    expect(res.body.statuses.every((s: number) => s === 200)).toBe(true);
    await delivery.deliver();
  };
  const sub = async (pro: Professional) => (await h.api.get('/v1/subscription', { token: pro.accessToken })).body;

  it('when a free practice at its limit checks out and pays, then it becomes pro and can grow; past due blocks growth after the grace; paid again; canceled', async () => {
    const pro = await createProfessional(h, { plan: null });
    for (let i = 0; i < 5; i += 1) expect((await addPatient(pro)).status).toBe(201);
    expect((await addPatient(pro)).status).toBe(409);
    const checkout = await h.api.post('/v1/subscription/checkout', { plan: 'pro' }, { token: pro.accessToken });
    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toMatch(/\/dev\/billing\/sessions\/cs_local_[0-9a-f]{24}\/events$/);
    await act(checkout.body.url, 'pay');
    expect(await sub(pro)).toMatchObject({ plan: { code: 'pro' }, status: 'active', limits: { activePatients: 100 } });
    expect((await addPatient(pro)).status).toBe(201);

    await act(checkout.body.url, 'renew_refused');
    expect(await sub(pro)).toMatchObject({ status: 'past_due', growthBlocked: false });
    expect((await addPatient(pro)).status).toBe(201);
    h.clock.advance(8 * 86_400_000);
    try {
      const later = { ...pro, accessToken: (await login(h, pro.email, pro.password)).body.accessToken as string };
      expect(await sub(later)).toMatchObject({ status: 'past_due', growthBlocked: true });
      expect((await addPatient(later)).body.code).toBe('SUBSCRIPTION.PAST_DUE');
    } finally { h.clock.reset(); }

    await act(checkout.body.url, 'renew_paid');
    expect(await sub(pro)).toMatchObject({ status: 'active', growthBlocked: false });
    const portal = await h.api.post('/v1/subscription/portal', undefined, { token: pro.accessToken });
    expect(portal.status).toBe(200);
    await act(portal.body.url, 'cancel');
    expect(await sub(pro)).toMatchObject({ plan: { code: 'pro' }, status: 'canceled', limits: { activePatients: 5 }, usage: { activePatients: 7 } });
    expect((await addPatient(pro)).status).toBe(409);
    const trail = await h.api.get('/v1/audit-log?entityType=subscription', { token: pro.accessToken });
    expect(trail.body.items.length).toBeGreaterThanOrEqual(4);
    expect(trail.body.items.every((i: { actorRole: string }) => i.actorRole === 'system')).toBe(true);
  });

  it('when a script opens checkout and portal sessions, then the daily quota answers 429 and the provider is never called past it (17)', async () => {
    const pro = await createProfessional(h, { plan: null });
    await setSubscription(h, pro.professionalId, { planCode: 'free', status: 'active' });
    const before = { ...calls };
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push((await h.api.post('/v1/subscription/checkout', { plan: i % 2 ? 'pro' : 'clinic' }, { token: pro.accessToken })).status);
    answers.push((await h.api.post('/v1/subscription/portal', undefined, { token: pro.accessToken })).status);
    expect(answers).toEqual([200, 200, 200, 429, 429, 429, 429]);
    expect(calls.checkout - before.checkout).toBe(3);
    expect(calls.portal - before.portal).toBe(0);
    expect(calls.customer - before.customer).toBe(1);
  });

  it('when a practice without a provider customer asks for the portal, then 409', async () => {
    const pro = await createProfessional(h, { plan: null });
    const res = await h.api.post('/v1/subscription/portal', undefined, { token: pro.accessToken });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('BILLING.NOT_SUBSCRIBED');
  });
});
