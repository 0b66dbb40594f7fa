import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '@korevitta/platform';
import { DOCS_CSP } from '../../functions/http/platform/docs-page.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { STRONG_PASSWORD, uniqueEmail, uniqueIp } from '../support/factories.ts';
import { assertResponseMatchesSpec, findDeniedFields, specViolations } from '../support/response-schemas.ts';

describe('the OpenAPI document and the reference page over HTTP', () => {
  let h: TestHost;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    h = await startTestHost();
    const res = await h.api.get('/v1/openapi.json');
    doc = res.body as OpenApiDocument;
  });
  afterAll(async () => { await h.stop(); });

  it('when GET /v1/openapi.json, then 200 application/json with an OpenAPI 3.1 document of the published operations', async () => {
    const res = await h.api.get('/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(res.body.info.title).toBe('KoreVitta API');
    expect(res.body.paths['/v1/auth/login']?.post?.operationId).toBe('login');
    expect(res.body.paths['/v1/openapi.json']).toBeUndefined();
    expect(res.body.paths['/docs']).toBeUndefined();
  });

  it('when the host is local, then the document lists the dev mailbox (kind, link, token); when it says production, then it does not', async () => {
    const local = await h.api.get('/v1/openapi.json');
    expect(Object.keys(local.body.paths).filter((p: string) => p.startsWith('/dev/')).sort()).toEqual(['/dev/billing/sessions/{sessionId}/events', '/dev/mailbox', '/dev/mailbox/{mailId}']);
    expect(local.body.paths['/dev/mailbox'].get).toMatchObject({ operationId: 'listMailbox', tags: ['Local development'], security: [] });
    const mail = local.body.paths['/dev/mailbox/{mailId}'].get.responses['200'].content['application/json'].schema;
    expect(mail.properties.kind.enum).toEqual(['password_reset', 'patient_invite', 'new_message', 'email_changed', 'password_changed']);
    expect(mail.required).toEqual(expect.arrayContaining(['kind', 'link', 'token']));

    const config = h.rt.config;
    h.rt.config = { ...config, isProduction: true };
    try {
      const production = await h.api.get('/v1/openapi.json');
      expect(Object.keys(production.body.paths).some((p: string) => p.startsWith('/dev/'))).toBe(false);
      expect(Object.keys(production.body.paths)).toHaveLength(Object.keys(local.body.paths).length - 3);
    } finally {
      h.rt.config = config;
    }
  });

  it('when GET /docs, then 200 text/html that loads its script and /v1/openapi.json from this host, under a CSP that allows nothing else', async () => {
    const res = await h.api.get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('spec-url="/v1/openapi.json"');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(DOCS_CSP);
    expect(/script-src ([^;]+)/.exec(csp)?.[1]?.trim()).toBe("'self'");
    expect(csp).not.toMatch(/https?:|unsafe-eval|font-src/);
    expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
    const scripts = [...res.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/docs/redoc.standalone.js']);
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.headers.get('x-frame-options')).toBe('DENY');

    const script = await h.api.get('/docs/redoc.standalone.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.text.length).toBeGreaterThan(500_000);
    expect(script.text).toContain('spec-url');
    expect(script.text).not.toContain('cdn.redoc.ly');
    expect(script.text).not.toContain('sourceMappingURL=redoc.standalone.js.map');
  });

  it('when register, login and me run, then every response validates against the document and carries no denied field', async () => {
    const email = uniqueEmail('spec');
    const ip = { headers: { 'x-forwarded-for': uniqueIp() } };
    const calls: { method: 'GET' | 'POST'; path: string; res: Awaited<ReturnType<TestHost['api']['get']>> }[] = [];
    const record = async (method: 'GET' | 'POST', path: string, send: Promise<Awaited<ReturnType<TestHost['api']['get']>>>) => {
      const res = await send;
      calls.push({ method, path, res });
      return res;
    };

    const reg = await record('POST', '/v1/auth/register', h.api.post('/v1/auth/register', { email, password: STRONG_PASSWORD, name: 'Dra. Spec' }, ip));
    expect(reg.status).toBe(201);
    await record('POST', '/v1/auth/register', h.api.post('/v1/auth/register', { email, password: STRONG_PASSWORD, name: 'Dra. Spec' }, ip)); // 409
    await record('POST', '/v1/auth/register', h.api.post('/v1/auth/register', { email: 'not-an-email', password: '', name: '', extra: 1 }, ip)); // 400
    await record('POST', '/v1/auth/login', h.api.post('/v1/auth/login', { email, password: 'wrong password 123' }, ip)); // 401
    const login = await record('POST', '/v1/auth/login', h.api.post('/v1/auth/login', { email, password: STRONG_PASSWORD }, ip));
    expect(login.status).toBe(200);
    const me = await record('GET', '/v1/me', h.api.get('/v1/me', { token: login.body.accessToken }));
    expect(me.status).toBe(200);
    await record('GET', '/v1/me', h.api.get('/v1/me')); // 401
    await record('GET', '/v1/me', h.api.get('/v1/me', { headers: { 'accept-language': 'en' }, token: 'not.a.jwt' })); // 401

    expect(calls.map((c) => c.res.status)).toEqual([201, 409, 400, 401, 200, 200, 401, 401]);
    for (const { method, path, res } of calls) {
      expect(() => assertResponseMatchesSpec(doc, method, path, res)).not.toThrow();
      expect({ path, status: res.status, denied: findDeniedFields(res.body) }).toEqual({ path, status: res.status, denied: [] });
    }
  });

  it('when a body breaks its response schema, then the check reports it (the validator is not vacuous)', () => {
    const extra = specViolations(doc, 'POST', '/v1/auth/register', 201, { userId: 'u', professionalId: 'p', passwordHash: 'x' });
    expect(extra.violations.join('\n')).toMatch(/passwordHash/);
    expect(specViolations(doc, 'GET', '/v1/me', 418, {}).violations.length).toBeGreaterThan(0);
    expect(specViolations(doc, 'POST', '/v1/auth/login', 400, { type: 'x', title: 't', status: 400 }).violations.length).toBeGreaterThan(0);
    expect(findDeniedFields({ user: { passwordHash: '$argon2id$v=19$...' }, url: 'https://x/blob?sv=1&sig=abc', note: 'eyJhbGciOi.eyJzdWIiOi.sig' }).map((d) => d.pointer))
      .toEqual(['/user/passwordHash', '/user/passwordHash', '/url', '/note']);
  });
});
