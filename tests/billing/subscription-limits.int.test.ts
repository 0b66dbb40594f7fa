import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitedPatient, createProfessional, setSubscription, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';

describe('plan limits on patient growth and GET /v1/subscription', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const add = (pro: Professional, n = 0) => h.api.post('/v1/patients', { name: `Paciente ${n}` }, { token: pro.accessToken, headers: { 'accept-language': 'en' } });
  const fill = async (pro: Professional, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await add(pro, i);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  };

  it('when a new sign-up asks, then it is on the free plan, active, with limits and usage', async () => {
    const pro = await createProfessional(h, { plan: null });
    await fill(pro, 2);
    const res = await h.api.get('/v1/subscription', { token: pro.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: { code: 'free', name: 'Gratuito', version: 1 }, status: 'active', currentPeriodStart: null, currentPeriodEnd: null, graceEndsAt: null, growthBlocked: false,
      limits: { activePatients: 5, storageBytes: 524288000, invitesPerDay: 10 }, usage: { activePatients: 2, storageBytes: 0 },
    });
  });

  it('when a free practice has 5 active patients, then the 6th is 409 LIMIT_REACHED with limit and usage; archiving frees a place; reactivating past the limit is 409', async () => {
    const pro = await createProfessional(h, { plan: null });
    const ids = await fill(pro, 5);
    const refused = await add(pro);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SUBSCRIPTION.LIMIT_REACHED', detail: expect.stringContaining('allows 5 active patients and you use 5') });
    const archived = await h.api.patch(`/v1/patients/${ids[0]}`, { status: 'archived' }, { token: pro.accessToken, headers: { 'if-match': '*' } });
    expect(archived.status).toBe(200);
    expect((await add(pro, 6)).status).toBe(201);
    const reactivate = await h.api.patch(`/v1/patients/${ids[0]}`, { status: 'active' }, { token: pro.accessToken, headers: { 'if-match': '*' } });
    expect(reactivate.status).toBe(409);
    expect(reactivate.body.code).toBe('SUBSCRIPTION.LIMIT_REACHED');
    const list = await h.api.get('/v1/patients?status=active&status=paused&status=at_risk', { token: pro.accessToken });
    expect(list.body.items).toHaveLength(5);
  });

  it('when ten creations race for the last two places, then exactly two succeed (the growth lock)', async () => {
    const pro = await createProfessional(h, { plan: null });
    await fill(pro, 3);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => add(pro, 100 + i)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409)).toHaveLength(8);
    expect((await h.api.get('/v1/subscription', { token: pro.accessToken })).body.usage.activePatients).toBe(5);
  });

  it('when past due within the grace, then growth works; after 7 days it is 409 PAST_DUE while reads still work', async () => {
    const pro = await createProfessional(h, { plan: 'pro' });
    const now = h.rt.clock.now().getTime();
    await setSubscription(h, pro.professionalId, { planCode: 'pro', status: 'past_due', pastDueSince: new Date(now - 6 * 86_400_000) });
    expect((await add(pro)).status).toBe(201);
    await setSubscription(h, pro.professionalId, { planCode: 'pro', status: 'past_due', pastDueSince: new Date(now - 8 * 86_400_000) });
    const blocked = await add(pro);
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('SUBSCRIPTION.PAST_DUE');
    expect((await h.api.get('/v1/patients', { token: pro.accessToken })).status).toBe(200);
    const sub = await h.api.get('/v1/subscription', { token: pro.accessToken });
    expect(sub.body).toMatchObject({ status: 'past_due', growthBlocked: true, graceEndsAt: new Date(now - 86_400_000).toISOString() });
  });

  it('when a pro subscription is canceled, then the free limits apply and nothing is deleted', async () => {
    const pro = await createProfessional(h, { plan: 'pro' });
    await fill(pro, 6);
    await setSubscription(h, pro.professionalId, { planCode: 'pro', status: 'canceled' });
    expect((await add(pro)).status).toBe(409);
    const sub = await h.api.get('/v1/subscription', { token: pro.accessToken });
    expect(sub.body).toMatchObject({ plan: { code: 'pro' }, status: 'canceled', limits: { activePatients: 5 }, usage: { activePatients: 6 } });
    expect((await h.api.get('/v1/patients', { token: pro.accessToken })).body.items).toHaveLength(6);
  });

  it('when a patient asks for the subscription, then 403', async () => {
    const pro = await createProfessional(h);
    expect((await h.api.get('/v1/subscription', { token: pro.accessToken })).body.plan.code).toBe('clinic');
    const { token } = await createInvitedPatient(h, pro.professionalId);
    const patient = await h.api.post('/v1/invites/accept', { token, password: STRONG_PASSWORD });
    expect((await h.api.get('/v1/subscription', { token: patient.body.accessToken })).status).toBe(403);
  });
});
