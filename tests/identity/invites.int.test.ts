import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, login, STRONG_PASSWORD, type Professional } from '../support/factories.ts';

describe('patient invite acceptance', () => {
  let h: TestHost;
  let pro: Professional;
  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h, { name: 'Dra. Helena Prado' });
  });
  afterAll(async () => { await h.stop(); });

  it('when a patient accepts a valid invite, then it gets tokens and /v1/me shows it with its professional', async () => {
    const invite = await createInvitedPatient(h, pro.professionalId, { name: 'Joana Mendes' });
    const res = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(res.status).toBe(201);
    const me = await h.api.get('/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { role: 'patient', email: invite.email },
      professional: { id: pro.professionalId, name: 'Dra. Helena Prado' },
      patient: { id: invite.patientId, name: 'Joana Mendes', timezone: 'America/Sao_Paulo' },
    });
    expect((await login(h, invite.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('when an invite is used twice, then the second is refused and nothing changes', async () => {
    const invite = await createInvitedPatient(h, pro.professionalId);
    expect((await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD })).status).toBe(201);
    const again = await h.api.post('/v1/invites/accept', { token: invite.token, password: 'another strong pass' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('INVITE.INVALID');
    expect((await login(h, invite.email, 'another strong pass')).status).toBe(401);
  });

  it('when the invite expired or the token is unknown, then 400 INVITE.INVALID', async () => {
    const expired = await createInvitedPatient(h, pro.professionalId, { expiresAt: new Date(Date.now() - 1000) });
    expect((await h.api.post('/v1/invites/accept', { token: expired.token, password: STRONG_PASSWORD })).body.code).toBe('INVITE.INVALID');
    expect((await h.api.post('/v1/invites/accept', { token: 'iv_unknown_token_value_1234567890', password: STRONG_PASSWORD })).body.code).toBe('INVITE.INVALID');
  });

  it('when the patient e-mail already has a login elsewhere, then 409', async () => {
    const invite = await createInvitedPatient(h, pro.professionalId, { email: pro.email });
    const res = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(res.status).toBe(409);
  });

  it('when a patient logs out, then its refresh token stops working', async () => {
    const invite = await createInvitedPatient(h, pro.professionalId);
    const tokens = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect((await h.api.post('/v1/auth/logout', undefined, { token: tokens.body.accessToken })).status).toBe(204);
    expect((await h.api.post('/v1/auth/refresh', { refreshToken: tokens.body.refreshToken })).status).toBe(401);
  });
});
