import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';

let echoCalls = 0;
let release: (() => void) | null = null;
const echo = registerHttp({
  name: 'test-echo',
  operationId: 'testEcho',
  method: 'POST',
  route: 'v1/test/echo',
  summary: 'test only: echoes its body, counting calls',
  tag: 'Platform',
  auth: ['professional'],
  idempotent: true,
  body: v.strictObject({ n: v.pipe(v.number(), v.integer()), slow: v.optional(v.boolean()) }),
  responses: { 201: { description: 'echo' } },
  handler: async ({ body }) => {
    echoCalls += 1;
    if (body.slow) await new Promise<void>((r) => { release = r; });
    return { status: 201, body: { n: body.n, call: echoCalls } };
  },
});
const boom = registerHttp({
  name: 'test-boom', operationId: 'testBoom', method: 'GET', route: 'v1/test/boom', summary: 'test only: throws', tag: 'Platform', auth: 'public', publicReason: 'test only: a handler that throws', responses: {},
  handler: async () => { throw new Error('secret internal detail: password=hunter2 at /srv/app.ts:42'); },
});
const dbDown = registerHttp({
  name: 'test-db-down', operationId: 'testDbDown', method: 'GET', route: 'v1/test/db-down', summary: 'test only: database unreachable', tag: 'Platform', auth: 'public', publicReason: 'test only: a dependency that is down', responses: {},
  handler: async () => { throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }); },
});

describe('HTTP kit through the local host', () => {
  let h: TestHost;
  let pro: Professional;
  beforeAll(async () => {
    h = await startTestHost({ extraFunctions: [echo, boom, dbDown] });
    pro = await createProfessional(h);
  });
  afterAll(async () => { await h.stop(); });

  it('when a route does not exist, then 404 problem+json', async () => {
    const res = await h.api.get('/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Rota não encontrada' });
  });

  it('when the method is wrong, then 405 with Allow', async () => {
    const res = await h.api.get('/v1/auth/login');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('when Accept-Language prefers English, then problem titles are English', async () => {
    const res = await h.api.get('/v1/nope', { headers: { 'accept-language': 'en-US,en;q=0.9,pt;q=0.5' } });
    expect(res.body.title).toBe('Route not found');
  });

  it('when the body exceeds the limit (declared or streamed), then 413 and the handler never runs (28)', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) });
    const res = await h.api.post('/v1/auth/login', undefined, { rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body.status).toBe(413);
  });

  it('when the content type is not JSON, then 415', async () => {
    const res = await h.api.post('/v1/auth/login', undefined, { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
  });

  it('when the JSON is malformed or nested 10,000 deep, then 400 problem, never 500 (28)', async () => {
    const bad = await h.api.post('/v1/auth/login', undefined, { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    const deep = await h.api.post('/v1/auth/login', undefined, { rawBody: '['.repeat(10_000) + ']'.repeat(10_000), headers: { 'content-type': 'application/json' } });
    expect(deep.status).toBe(400);
  });

  it('when fields are invalid, then 400 with errors[] pointing at each field, a stable code and a text in the language asked for', async () => {
    const body = { email: 'not-an-email', password: 'whatever123', name: '', extra: 1 };
    const pt = await h.api.post('/v1/auth/register', body);
    expect(pt.status).toBe(400);
    expect(pt.body).toMatchObject({ code: 'REQUEST.VALIDATION', title: 'Dados inválidos', detail: 'Um ou mais campos da requisição são inválidos; veja errors[].' });
    expect(pt.body.errors).toEqual(expect.arrayContaining([
      { pointer: '/body/email', code: 'invalid_format', detail: 'deve ser um e-mail válido' },
      { pointer: '/body/name', code: 'too_short', detail: 'não pode ficar em branco' },
      { pointer: '/body/extra', code: 'unknown_field', detail: 'não é um campo aceito' },
    ]));
    const en = await h.api.post('/v1/auth/register', body, { headers: { 'accept-language': 'en' } });
    expect(en.body).toMatchObject({ title: 'Invalid request', detail: 'One or more fields of the request are invalid; see errors[].' });
    expect(en.body.errors).toEqual(expect.arrayContaining([
      { pointer: '/body/email', code: 'invalid_format', detail: 'must be a valid e-mail address' },
      { pointer: '/body/name', code: 'too_short', detail: 'must not be blank' },
      { pointer: '/body/extra', code: 'unknown_field', detail: 'is not an accepted field' },
    ]));
    const missing = await h.api.post('/v1/auth/register', {}, { headers: { 'accept-language': 'en' } });
    expect(missing.body.errors).toEqual(expect.arrayContaining([{ pointer: '/body/email', code: 'required', detail: 'is required' }]));
  });

  it('when the body is a JSON array where an object is expected, then 400 on /body (valibot would read it as an object)', async () => {
    const res = await h.api.post('/v1/auth/login', undefined, { rawBody: '[]', headers: { 'content-type': 'application/json' } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 400, errors: [expect.objectContaining({ pointer: '/body', code: 'invalid_type' })] });
  });

  it('when a resource is not found, then the 404 problem has a detail in the language asked for', async () => {
    const res = await h.api.get('/v1/nope', { headers: { 'accept-language': 'en' } });
    expect(res.body).toMatchObject({ status: 404, code: 'REQUEST.NOT_FOUND', title: 'Route not found', detail: expect.stringContaining('/docs') });
  });

  it('when any response is sent, then it carries security headers and a request id', async () => {
    const res = await h.api.get('/health', { headers: { 'x-request-id': 'req-abcdef12' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-request-id')).toBe('req-abcdef12');
  });

  it('when the origin is allowed, then CORS headers name it; when not, then none are sent', async () => {
    const ok = await h.api.get('/health', { headers: { origin: 'https://app.korevitta.test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.korevitta.test');
    const evil = await h.api.get('/health', { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${h.url}/v1/me`, { method: 'OPTIONS', headers: { origin: 'https://app.korevitta.test', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('when a handler throws, then 500 carries only the request id, no stack, SQL or secret (30)', async () => {
    const res = await h.api.get('/v1/test/boom');
    expect(res.status).toBe(500);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'detail', 'requestId', 'status', 'title', 'type']);
    expect(res.body).toMatchObject({ code: 'INTERNAL', detail: expect.stringContaining('requestId') });
    expect(res.text).not.toMatch(/hunter2|app\.ts|secret|stack/);
    const logged = h.logs.join('\n');
    expect(logged).toContain('http.unhandled_error');
    expect(logged).not.toContain('hunter2');
  });

  it('when the database is unreachable, then 503 problem with Retry-After (30)', async () => {
    const res = await h.api.get('/v1/test/db-down');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.text).not.toContain('10.0.0.5');
  });

  it('when a patient calls a professional-only route, then 403 problem (14)', async () => {
    const invite = await createInvitedPatient(h, pro.professionalId);
    const tokens = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    const res = await h.api.post('/v1/test/echo', { n: 1 }, { token: tokens.body.accessToken });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('when a client sends identity headers, then they are ignored (31)', async () => {
    const res = await h.api.get('/v1/me', { headers: { 'x-user-id': pro.userId, 'x-ms-client-principal': Buffer.from(JSON.stringify({ userId: pro.userId })).toString('base64') } });
    expect(res.status).toBe(401);
  });

  describe('Idempotency-Key (42)', () => {
    it('when the same key and payload are replayed, then the stored response returns and the handler ran once', async () => {
      const before = echoCalls;
      const first = await h.api.post('/v1/test/echo', { n: 1 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-replay-1' } });
      const second = await h.api.post('/v1/test/echo', { n: 1 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-replay-1' } });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotency-replayed')).toBe('true');
      expect(echoCalls - before).toBe(1);
    });

    it('when the same key comes with another payload, then 422', async () => {
      await h.api.post('/v1/test/echo', { n: 1 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-mismatch' } });
      const res = await h.api.post('/v1/test/echo', { n: 2 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-mismatch' } });
      expect(res.status).toBe(422);
    });

    it('when the first request is still running, then a concurrent one gets 409', async () => {
      const slow = h.api.post('/v1/test/echo', { n: 3, slow: true }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-inflight' } });
      await new Promise((r) => setTimeout(r, 150));
      const concurrent = await h.api.post('/v1/test/echo', { n: 3, slow: true }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-inflight' } });
      expect(concurrent.status).toBe(409);
      release?.();
      expect((await slow).status).toBe(201);
    });

    it('when another professional uses the same key, then keys are scoped and both run', async () => {
      const other = await createProfessional(h);
      const mine = await h.api.post('/v1/test/echo', { n: 4 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-shared' } });
      const theirs = await h.api.post('/v1/test/echo', { n: 4 }, { token: other.accessToken, headers: { 'idempotency-key': 'key-shared' } });
      expect(theirs.headers.get('idempotency-replayed')).toBeNull();
      expect(theirs.body.call).not.toBe(mine.body.call);
    });

    it('when the key is malformed, then 400; when it expired (24 h), then the request runs again', async () => {
      const bad = await h.api.post('/v1/test/echo', { n: 5 }, { token: pro.accessToken, headers: { 'idempotency-key': 'has space' } });
      expect(bad.status).toBe(400);
      const first = await h.api.post('/v1/test/echo', { n: 6 }, { token: pro.accessToken, headers: { 'idempotency-key': 'key-expiry' } });
      h.clock.advance(25 * 3600 * 1000);
      try {
        const fresh = await h.api.post('/v1/test/echo', { n: 7 }, { token: await reLogin(), headers: { 'idempotency-key': 'key-expiry' } });
        expect(fresh.status).toBe(201);
        expect(fresh.body.call).toBeGreaterThan(first.body.call);
      } finally {
        h.clock.reset();
      }
    });
  });

  async function reLogin(): Promise<string> {
    const res = await h.api.post('/v1/auth/login', { email: pro.email, password: pro.password }, { headers: { 'x-forwarded-for': '10.9.9.9' } });
    return res.body.accessToken;
  }
});
