import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { randomUUID } from 'node:crypto';
import { signatureHeader } from '@korevitta/platform';
import { createProfessional, uniqueIp, type Professional } from '../support/factories.ts';
import { SECRET, stripeEvent } from '../billing/support.ts';

/**
 * TEST-CATALOG 29 and the rate-limit share of 43 (ADR 0015): per-user and per-address quotas on general
 * routes, 429 problem with Retry-After, RateLimit/RateLimit-Policy fields consistent with the enforced
 * policy, one security event per refusal, and nothing at all when the quotas are 0 (API Management's tier).
 */
// The local host appends the socket's address, as the Function App's front end does (TRUSTED_PROXY_HOPS=2).
const via = (ip: string) => ({ 'x-forwarded-for': ip });

describe('general rate limits', () => {
  let h: TestHost;
  let ana: Professional;
  let bia: Professional;

  beforeAll(async () => {
    h = await startTestHost({ env: { RATE_LIMIT_PER_ADDRESS: '5', RATE_LIMIT_PER_USER: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    // Registration and login come from fresh addresses (factories), so they spend no test's quota.
    ana = await createProfessional(h);
    bia = await createProfessional(h);
  });
  afterAll(async () => { await h.stop(); });

  it('when a professional spends the per-user quota, then the next call is a 429 problem with Retry-After, until the window ends', async () => {
    h.clock.set(new Date()); // frozen, so that Retry-After is exact
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await h.api.get('/v1/me', { token: ana.accessToken, headers: via(uniqueIp()) }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.headers.get('ratelimit'))).toEqual([2, 1, 0].map((r) => expect.stringContaining(`"per-user";r=${r};t=60`)));
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('"per-address";q=5;w=60, "per-user";q=3;w=60');

    h.clock.advance(15_000);
    const before = h.logs.length;
    const over = await h.api.get('/v1/me', { token: ana.accessToken, headers: via(uniqueIp()) });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.body).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(over.headers.get('retry-after')).toBe('45');
    expect(over.headers.get('ratelimit')).toContain('"per-user";r=0;t=45');
    const events = h.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'ratelimit.exceeded');
    expect(events).toEqual([expect.objectContaining({ outcome: 'denied', policy: 'per-user', actor: ana.userId, tenant: ana.professionalId, route: '/v1/me' })]);

    // Another professional is not affected; the same one is served again when the window has passed.
    expect((await h.api.get('/v1/me', { token: bia.accessToken, headers: via(uniqueIp()) })).status).toBe(200);
    h.clock.advance(45_000);
    expect((await h.api.get('/v1/me', { token: ana.accessToken, headers: via(uniqueIp()) })).status).toBe(200);
    h.clock.reset();
  });

  it('when the billing provider posts more signed events from one address than the per-address quota, then none is limited (the webhook is exempt)', async () => {
    const ip = uniqueIp();
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const text = JSON.stringify(stripeEvent('customer.created', { id: `cus_${randomUUID().slice(0, 8)}`, object: 'customer' }, { created: Math.floor(Date.now() / 1000) }));
      const header = signatureHeader(SECRET, Math.floor(h.rt.clock.now().getTime() / 1000), Buffer.from(text));
      const res = await h.api.call('POST', '/v1/webhooks/billing', undefined, { rawBody: text, headers: { 'content-type': 'application/json', 'stripe-signature': header, ...via(ip) } });
      expect(res.headers.get('ratelimit')).toBeNull();
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(8).fill(200));
    // The events spent nothing of the address's quota for other routes.
    expect((await h.api.get('/.well-known/jwks.json', { headers: via(ip) })).headers.get('ratelimit')).toMatch(/^"per-address";r=4;/);
  });

  it('when one address spends the per-address quota, even with bad tokens, then it gets 429 while other addresses are served', async () => {
    const ip = uniqueIp();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.api.get('/v1/me', { token: 'not-a-token', headers: via(ip) })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const over = await h.api.get('/.well-known/jwks.json', { headers: via(ip) });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit')).toMatch(/^"per-address";r=0;t=\d+$/);
    expect((await h.api.get('/.well-known/jwks.json', { headers: via(uniqueIp()) })).status).toBe(200);
  });

  it('when the client forges X-Forwarded-For entries left of the trusted hops, then they do not buy a new quota', async () => {
    const ip = uniqueIp();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.api.get('/.well-known/jwks.json', { headers: { 'x-forwarded-for': `${uniqueIp()}, ${ip}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('when the liveness probe is called often, then it is never limited (it is not a general route)', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 8; i++) expect((await h.api.get('/health', { headers: via(ip) })).status).toBe(200);
  });
});

describe('general rate limits off (quotas 0, where API Management limits)', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost({ env: { RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_USER: '0' } }); });
  afterAll(async () => { await h.stop(); });

  it('when one address calls many times, then it is served every time and no RateLimit field is sent', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 30; i++) {
      const res = await h.api.get('/.well-known/jwks.json', { headers: via(ip) });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
  });
});
