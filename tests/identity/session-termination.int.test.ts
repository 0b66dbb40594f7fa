import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, login, STRONG_PASSWORD } from '../support/factories.ts';

/**
 * TEST-CATALOG 8 and 13: an access token stops working the moment its session ends, its account is
 * disabled or deleted, or (for a patient) its record is archived, deleted or moved to another
 * professional. The access token itself is still cryptographically valid in each case: what refuses it
 * is the per-request session check (ADR 0014).
 */
describe('session termination reaches the access token at once (TEST-CATALOG 8, 13)', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const system = (q: ReturnType<typeof sql>) => withSystemBypass(h.db, 'test: operator action', async (tx) => { await tx.execute(q); });

  async function patientWithLogin() {
    const pro = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId);
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    expect((await h.api.get('/v1/me', { token: accepted.body.accessToken })).status).toBe(200);
    return { pro, patientId: invite.patientId, email: invite.email, accessToken: accepted.body.accessToken as string, refreshToken: accepted.body.refreshToken as string };
  }

  async function expectEnded(accessToken: string, refreshToken: string) {
    const me = await h.api.get('/v1/me', { token: accessToken });
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect(me.headers.get('www-authenticate')).toContain('Bearer');
    expect((await h.api.post('/v1/auth/refresh', { refreshToken })).status).toBe(401);
  }

  it('when the client logs out, then its access token is refused on the next request, not 15 minutes later', async () => {
    const pro = await createProfessional(h);
    const patients = await h.api.get('/v1/patients', { token: pro.accessToken });
    expect(patients.status).toBe(200);
    expect((await h.api.post('/v1/auth/logout', undefined, { token: pro.accessToken })).status).toBe(204);
    await expectEnded(pro.accessToken, pro.refreshToken);
    expect((await h.api.get('/v1/patients', { token: pro.accessToken })).status).toBe(401);
    const events = h.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'auth.session_ended');
    expect(events.at(-1)).toMatchObject({ security: true, outcome: 'denied', requestId: expect.any(String), time: expect.any(String) });
  });

  it('when an operator disables the account, then its access and refresh tokens stop working', async () => {
    const pro = await createProfessional(h);
    await system(sql`update users set disabled_at = now() where id = ${pro.userId}`);
    await expectEnded(pro.accessToken, pro.refreshToken);
    expect((await login(h, pro.email, pro.password)).status).toBe(401);
  });

  it('when the account is deleted, then its access and refresh tokens stop working', async () => {
    const pro = await createProfessional(h);
    await system(sql`update users set deleted_at = now() where id = ${pro.userId}`);
    await expectEnded(pro.accessToken, pro.refreshToken);
  });

  it('when the professional (the tenant) is deleted, then its sessions end', async () => {
    const pro = await createProfessional(h);
    await system(sql`update professionals set deleted_at = now() where id = ${pro.professionalId}`);
    await expectEnded(pro.accessToken, pro.refreshToken);
  });

  it('when a password reset revokes every session, then an access token issued before it is refused', async () => {
    const pro = await createProfessional(h);
    await system(sql`update auth_sessions set revoked_at = now(), revoked_reason = 'password_reset' where user_id = ${pro.userId}`);
    await expectEnded(pro.accessToken, pro.refreshToken);
  });

  it('when the professional deletes the patient, then the patient is locked out at once and the record answers 404 (13)', async () => {
    const p = await patientWithLogin();
    expect((await h.api.delete(`/v1/patients/${p.patientId}`, { token: p.pro.accessToken })).status).toBe(204);
    await expectEnded(p.accessToken, p.refreshToken);
    expect((await h.api.get(`/v1/patients/${p.patientId}`, { token: p.pro.accessToken })).status).toBe(404);
    expect((await login(h, p.email, STRONG_PASSWORD)).status).toBe(200); // the login itself stays; its sessions die at first use
  });

  it('when the professional archives the patient, then the patient is locked out at once while the professional still reads the record (13)', async () => {
    const p = await patientWithLogin();
    const before = await h.api.get(`/v1/patients/${p.patientId}`, { token: p.pro.accessToken });
    const archived = await h.api.patch(`/v1/patients/${p.patientId}`, { status: 'archived' }, { token: p.pro.accessToken, headers: { 'if-match': before.headers.get('etag') ?? '' } });
    expect(archived.status).toBe(200);
    await expectEnded(p.accessToken, p.refreshToken);
    expect((await h.api.get('/v1/me/daily', { token: p.accessToken })).status).toBe(401);
    expect((await h.api.get(`/v1/patients/${p.patientId}`, { token: p.pro.accessToken })).status).toBe(200);
  });

  it('when the patient record moves to another professional, then neither the patient\'s token nor the old professional reaches it (13)', async () => {
    const p = await patientWithLogin();
    const other = await createProfessional(h);
    await system(sql`update patients set professional_id = ${other.professionalId} where id = ${p.patientId}`);
    await expectEnded(p.accessToken, p.refreshToken);
    expect((await h.api.get(`/v1/patients/${p.patientId}`, { token: p.pro.accessToken })).status).toBe(404);
    expect((await h.api.get(`/v1/patients/${p.patientId}`, { token: other.accessToken })).status).toBe(200);
  });

  it('when another session of the same user is revoked, then this session keeps working', async () => {
    const pro = await createProfessional(h);
    const second = await login(h, pro.email, pro.password);
    expect((await h.api.post('/v1/auth/logout', undefined, { token: second.body.accessToken })).status).toBe(204);
    expect((await h.api.get('/v1/me', { token: pro.accessToken })).status).toBe(200);
    expect((await h.api.get('/v1/me', { token: second.body.accessToken })).status).toBe(401);
  });
});
