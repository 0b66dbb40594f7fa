import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ProblemSchema } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD } from '../support/factories.ts';

/**
 * Each case the schema fuzzer (negative-fuzz.int.test.ts) found, kept as a plain test of its own so that it
 * stays fixed whatever the fuzzer's seed draws (TEST-CATALOG 27, 28).
 */
describe('cases found by the schema fuzzer', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h?.stop(); });

  const problemOf = (body: unknown) => v.parse(ProblemSchema, body);

  it('when a query parameter name holds a line feed or 2,000 characters, then the 400 problem keeps its documented shape (printable pointer of at most 1,000)', async () => {
    const newline = await h.api.get('/health?q%0A=x');
    expect(newline.status).toBe(400);
    expect(problemOf(newline.body).errors).toEqual([expect.objectContaining({ pointer: '/query/q\uFFFD', code: 'unknown_field' })]);
    const long = await h.api.get(`/health?${'a'.repeat(2000)}=1`);
    expect(long.status).toBe(400);
    expect(problemOf(long.body).errors?.[0]?.pointer).toHaveLength(1000);
  });

  it('when a list is given a forged cursor whose timestamp or number cannot be read by Postgres, then 400 invalid_cursor, never 500', async () => {
    const pro = await createProfessional(h);
    const invited = await createInvitedPatient(h, pro.professionalId);
    const patient = (await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD })).body.accessToken as string;
    const protocol = await h.api.post(`/v1/patients/${invited.patientId}/protocols`, { name: 'Plano', content: { hydration: { dailyGoalMl: 2000 } } }, { token: pro.accessToken });
    expect(protocol.status).toBe(201);
    const cursor = (k: Record<string, unknown>) => Buffer.from(JSON.stringify({ v: 1, k }), 'utf8').toString('base64url');
    const id = randomUUID();
    const cases: [string, string, Record<string, unknown>][] = [
      [pro.accessToken, '/v1/threads', { k: '9999-12-31 23:59:59+99:99', id }],
      [pro.accessToken, '/v1/checkin-forms', { k: '0000-01-01 00:00:00+00', id }],
      [pro.accessToken, '/v1/checkins', { k: '2026-02-30 10:00:00+00', id }],
      [patient, '/v1/me/checkins', { k: '2026-13-45 99:99:99+00', id }],
      [pro.accessToken, '/v1/audit-log', { t: '2026-02-30 10:00:00+00', id }],
      [pro.accessToken, '/v1/patients?sort=lastActivity&order=desc', { s: 'lastActivity', o: 'desc', k: '2026-13-45 99:99:99+00', id }],
      [pro.accessToken, '/v1/protocol-templates', { createdAt: '2026-02-30T10:00:00.000Z', id }],
      [pro.accessToken, `/v1/patients/${invited.patientId}/protocols`, { createdAt: '0000-01-01T00:00:00.000Z', id }],
      [pro.accessToken, `/v1/protocols/${protocol.body.id}/versions`, { version: 1e308 }],
    ];
    const answers = [];
    for (const [token, path, keyset] of cases) {
      const res = await h.api.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${cursor(keyset)}`, { token });
      answers.push({ path, status: res.status, code: res.body?.errors?.[0]?.code });
    }
    expect(answers).toEqual(cases.map(([, path]) => ({ path, status: 400, code: 'invalid_cursor' })));
  });

  it('when the body is JSON null where an object is expected, then 400 on /body (it was read as no body, and POST /v1/threads answered 200)', async () => {
    const pro = await createProfessional(h);
    const res = await h.api.post('/v1/threads', undefined, { token: pro.accessToken, rawBody: 'null', headers: { 'content-type': 'application/json' } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 400, errors: [expect.objectContaining({ pointer: '/body', code: 'invalid_type' })] });
    const empty = await h.api.post('/v1/auth/logout', undefined, { token: pro.accessToken });
    expect(empty.status).toBe(204);
  });
});
