import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { PASSWORD_RESET_REQUESTED } from '@korevitta/domain';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, uniqueEmail, uniqueIp } from '../support/factories.ts';

/**
 * TEST-CATALOG 10 for password-reset requests: every request counts per e-mail asked for and per client
 * address; over the limit → 429 problem with Retry-After, the same for unknown e-mails (no enumeration),
 * and no further reset e-mail is queued.
 */
describe('password-reset requests are throttled per account and per address (10)', () => {
  let h: TestHost;
  beforeAll(async () => {
    h = await startTestHost({ env: { PASSWORD_RESET_MAX_PER_ACCOUNT: '3', PASSWORD_RESET_MAX_PER_IP: '5', PASSWORD_RESET_WINDOW_SECONDS: '3600' } });
  });
  afterAll(async () => { await h.stop(); });

  const forgot = (email: string, ip = uniqueIp()) => h.api.post('/v1/auth/password/forgot', { email }, { headers: { 'x-forwarded-for': ip } });
  const queuedResets = async (userId: string) => (await withSystemBypass(h.db, 'test: count reset mails', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from event_outbox where type = ${PASSWORD_RESET_REQUESTED} and payload->>'userId' = ${userId}`))))[0]?.n;

  function expectThrottled(res: { status: number; headers: Headers; body: { code?: string } }) {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('AUTH.THROTTLED');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  }

  it('when one e-mail is asked for from many addresses, then the fourth request is 429 and no fourth mail is queued', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 3; i += 1) expect((await forgot(pro.email)).status).toBe(202);
    expectThrottled(await forgot(pro.email));
    expectThrottled(await forgot(pro.email.toUpperCase()));
    expect(await queuedResets(pro.userId)).toBe(3);
    const events = h.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'auth.password_reset_throttled');
    expect(events.at(-1)).toMatchObject({ security: true, outcome: 'denied', requestId: expect.any(String) });
  });

  it('when the e-mail has no account, then the limit and the answers are the same (no enumeration)', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 3; i += 1) expect((await forgot(ghost)).status).toBe(202);
    const known = await createProfessional(h);
    for (let i = 0; i < 3; i += 1) await forgot(known.email);
    const [a, b] = [await forgot(ghost), await forgot(known.email)];
    expectThrottled(a);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(a.body)).toEqual(strip(b.body));
  });

  it('when one address asks for many e-mails, then the sixth is 429 while another address still gets 202', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i += 1) expect((await forgot(uniqueEmail('spray'), ip)).status).toBe(202);
    expectThrottled(await forgot(uniqueEmail('spray'), ip));
    expect((await forgot(uniqueEmail('spray'))).status).toBe(202);
  });

  it('when the window has passed, then the e-mail may ask again', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 3; i += 1) await forgot(pro.email);
    expectThrottled(await forgot(pro.email));
    h.clock.advance(3601_000);
    try {
      expect((await forgot(pro.email)).status).toBe(202);
    } finally {
      h.clock.reset();
    }
  });
});
