import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, login, STRONG_PASSWORD, uniqueEmail } from '../support/factories.ts';
import { isRealPostgres } from '../support/database.ts';

describe('identity: register, login, refresh rotation, logout (TEST-CATALOG 5–8)', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when a professional registers and logs in, then GET /v1/me returns the profile', async () => {
    const pro = await createProfessional(h, { name: 'Dra. Lívia Araújo' });
    const me = await h.api.get('/v1/me', { token: pro.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: { id: pro.userId, email: pro.email, role: 'professional', locale: 'pt-BR' },
      professional: { id: pro.professionalId, name: 'Dra. Lívia Araújo', displayName: null },
      patient: null,
      revision: 1,
      // The default branding until the practice saves one (issue 11).
      branding: { displayName: 'Dra. Lívia Araújo', primaryColor: '#0B7A5A', accentColor: '#0B7A5A', logoUrl: null, emailSignature: null },
    });
  });

  it('when the same e-mail registers twice (any case), then the second gets 409 problem+json', async () => {
    const email = uniqueEmail('dup');
    expect((await h.api.post('/v1/auth/register', { email, password: STRONG_PASSWORD, name: 'A' })).status).toBe(201);
    const again = await h.api.post('/v1/auth/register', { email: email.toUpperCase(), password: STRONG_PASSWORD, name: 'B' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.code).toBe('AUTH.EMAIL_TAKEN');
  });

  it('when login succeeds, then it answers the documented token pair', async () => {
    const pro = await createProfessional(h);
    const res = await login(h, pro.email, pro.password);
    expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.stringMatching(/^rt_/), tokenType: 'Bearer', expiresIn: 900 });
  });

  it('when a refresh token is used, then a new pair is issued and the presented one is spent (5)', async () => {
    const pro = await createProfessional(h);
    const first = await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(pro.refreshToken);
    const me = await h.api.get('/v1/me', { token: first.body.accessToken });
    expect(me.status).toBe(200);
    const second = await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken });
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('AUTH.INVALID_REFRESH_TOKEN');
  });

  it('when a rotated token is replayed after the client refreshed again, then the whole family is revoked and logged (6, 43)', async () => {
    const pro = await createProfessional(h);
    const r1 = await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken });
    const r2 = await h.api.post('/v1/auth/refresh', { refreshToken: r1.body.refreshToken });
    expect(r2.status).toBe(200);
    const replay = await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken });
    expect(replay.status).toBe(401);
    const current = await h.api.post('/v1/auth/refresh', { refreshToken: r2.body.refreshToken });
    expect(current.status).toBe(401);
    const events = h.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'auth.refresh_token_reuse');
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ security: true, outcome: 'denied', sessionFamilyId: expect.any(String), requestId: expect.any(String), time: expect.any(String) });
  });

  it('when 20 refreshes of one token race, then exactly one succeeds and the family does not fork (7)', async () => {
    const pro = await createProfessional(h);
    const results = await Promise.all(Array.from({ length: 20 }, () => h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken })));
    const ok = results.filter((r) => r.status === 200);
    // Exactly one: zero winners would mean the race locks everyone out (a refresh that never rotates passes "at most one").
    expect(ok.length).toBe(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
    const live = await withSystemBypass(h.db, 'test', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`
      select count(*)::int as n from refresh_tokens t join auth_sessions s on s.id = t.session_id
      join users u on u.id = s.user_id where u.id = ${pro.userId} and t.used_at is null and s.revoked_at is null`)));
    expect(live[0]?.n ?? 0).toBeLessThanOrEqual(1);
    if (isRealPostgres()) expect(results.length).toBe(20);
  });

  it('when the client logs out, then its refresh token fails right after (8)', async () => {
    const pro = await createProfessional(h);
    const out = await h.api.post('/v1/auth/logout', undefined, { token: pro.accessToken });
    expect(out.status).toBe(204);
    const after = await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken });
    expect(after.status).toBe(401);
  });

  it('when the database is read, then it holds no plaintext refresh token (5)', async () => {
    const pro = await createProfessional(h);
    const hits = await withSystemBypass(h.db, 'test', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`
      select count(*)::int as n from refresh_tokens where token_hash = ${pro.refreshToken} or token_hash like ${'%' + pro.refreshToken.slice(3, 20) + '%'}`)));
    expect(hits[0]?.n).toBe(0);
  });

  it('when a patient-only or unknown body field is sent, then registration rejects it (15)', async () => {
    const res = await h.api.post('/v1/auth/register', { email: uniqueEmail(), password: STRONG_PASSWORD, name: 'X', role: 'admin', professionalId: '00000000-0000-0000-0000-000000000000' });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });
});
