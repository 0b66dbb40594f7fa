import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, uniqueEmail, uniqueIp } from '../support/factories.ts';

/**
 * TEST-CATALOG 43: each security event appears exactly once per request, structured (JSON), with UTC time,
 * actor and tenant where known, outcome and the request's correlation id, and no e-mail, password or token.
 * (Refresh reuse: sessions.int.test.ts; session ended: session-termination; dead letters: queue/consumers;
 * rate-limit hits: the rate-limit tests.)
 */
describe('security events (43)', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const rid = () => `sec-${randomUUID()}`;
  const eventsOf = (requestId: string) => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.requestId === requestId && e.security === true);
  const linesOf = (requestId: string) => h.logs.filter((l) => l.includes(requestId));

  function expectOne(requestId: string, event: string, fields: Record<string, unknown>) {
    const events = eventsOf(requestId);
    expect(events.map((e) => e.event)).toEqual([event]);
    expect(events[0]).toMatchObject({ ...fields, requestId, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
  }

  it('when a login succeeds or fails, then one event each, with the actor and tenant on success and no e-mail or password', async () => {
    const pro = await createProfessional(h);
    const ok = rid();
    await h.api.post('/v1/auth/login', { email: pro.email, password: pro.password }, { headers: { 'x-request-id': ok, 'x-forwarded-for': uniqueIp() } });
    expectOne(ok, 'auth.login_succeeded', { outcome: 'success', actor: pro.userId, tenant: pro.professionalId, level: 'info' });
    const bad = rid();
    await h.api.post('/v1/auth/login', { email: pro.email, password: 'wrong password 9' }, { headers: { 'x-request-id': bad, 'x-forwarded-for': uniqueIp() } });
    expectOne(bad, 'auth.login_failed', { outcome: 'failure', level: 'warn' });
    for (const line of [...linesOf(ok), ...linesOf(bad)]) {
      expect(line).not.toContain(pro.email);
      expect(line).not.toContain(pro.password);
      expect(line).not.toContain('wrong password 9');
    }
  });

  it('when a request has no token or a bad one, then one auth.token_rejected event', async () => {
    const none = rid();
    await h.api.get('/v1/patients', { headers: { 'x-request-id': none } });
    expectOne(none, 'auth.token_rejected', { outcome: 'denied', reason: 'missing_token' });
    const forged = rid();
    await h.api.get('/v1/patients', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', headers: { 'x-request-id': forged } });
    expectOne(forged, 'auth.token_rejected', { outcome: 'denied', reason: 'invalid_token' });
  });

  it('when a patient calls a professional route, then one authz.role_denied event with actor and tenant', async () => {
    const pro = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId, { email: uniqueEmail('pt') });
    const patient = (await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD })).body;
    const denied = rid();
    const res = await h.api.get('/v1/patients', { token: patient.accessToken, headers: { 'x-request-id': denied } });
    expect(res.status).toBe(403);
    expectOne(denied, 'authz.role_denied', { outcome: 'denied', role: 'patient', tenant: pro.professionalId, actor: expect.any(String) });
  });
});
