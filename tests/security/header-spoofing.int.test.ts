import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, uniqueEmail, uniqueIp, type Professional } from '../support/factories.ts';

/**
 * TEST-CATALOG 31: headers an intermediary would set are ignored when a client sends them. Identity comes
 * only from the verified bearer token; the client address only from the X-Forwarded-For entry our trusted
 * hops wrote (TRUSTED_PROXY_HOPS=2 here: API Management and the front end; the local host appends the peer).
 */
const principal = (userId: string, professionalId: string) =>
  Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'oid', val: userId }], userId, professionalId, userRoles: ['admin'] })).toString('base64');

describe('intermediary header spoofing (31)', () => {
  let h: TestHost;
  let a: Professional;
  let b: Professional;
  let bPatientId: string;
  beforeAll(async () => {
    h = await startTestHost({ env: { LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' } });
    a = await createProfessional(h, { name: 'Dra. A' });
    b = await createProfessional(h, { name: 'Dr. B' });
    bPatientId = (await createInvitedPatient(h, b.professionalId)).patientId;
  });
  afterAll(async () => { await h.stop(); });

  const spoofed = (victim: Professional) => ({
    'x-user-id': victim.userId,
    'x-professional-id': victim.professionalId,
    'x-ms-client-principal': principal(victim.userId, victim.professionalId),
    'x-ms-client-principal-id': victim.userId,
    'x-ms-client-principal-name': victim.email,
  });

  it('when A sends identity headers naming B, then every answer is A\'s and B\'s patient stays 404', async () => {
    const me = await h.api.get('/v1/me', { token: a.accessToken, headers: spoofed(b) });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(a.userId);
    expect(me.body.professional.id).toBe(a.professionalId);
    expect((await h.api.get(`/v1/patients/${bPatientId}`, { token: a.accessToken, headers: spoofed(b) })).status).toBe(404);
    const list = await h.api.get('/v1/patients', { token: a.accessToken, headers: spoofed(b) });
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(bPatientId);
  });

  it('when identity headers come without a token, then 401, on a read and on a write', async () => {
    expect((await h.api.get('/v1/patients', { headers: spoofed(b) })).status).toBe(401);
    expect((await h.api.post('/v1/patients', { name: 'Intrusa' }, { headers: spoofed(b) })).status).toBe(401);
  });

  it('when the entries left of the trusted hops change on every request, then they all count against the one trusted address', async () => {
    const trusted = uniqueIp();
    const attempt = () => h.api.post('/v1/auth/login', { email: uniqueEmail('spoof'), password: 'wrong password 1' }, { headers: { 'x-forwarded-for': `${uniqueIp()}, ${uniqueIp()}, ${trusted}` } });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another trusted address is not blocked: the key really is the trusted entry.
    expect((await h.api.post('/v1/auth/login', { email: uniqueEmail('spoof'), password: 'wrong password 1' }, { headers: { 'x-forwarded-for': `${trusted}, ${uniqueIp()}` } })).status).toBe(401);
  });
});
