import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, login, uniqueEmail, uniqueIp } from '../support/factories.ts';

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? 0; };
const withoutRequestId = (body: Record<string, unknown>) => { const { requestId: _r, ...rest } = body; return rest; };

/** TEST-CATALOG 10 and 31: limits per account and per address, 429 + Retry-After, no enumeration. */
describe('login throttling and enumeration', () => {
  let h: TestHost;
  beforeAll(async () => {
    h = await startTestHost({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_IP: '12' } });
  });
  afterAll(async () => { await h.stop(); });

  it('when an account fails 5 times from different addresses, then the next attempt gets 429 with Retry-After, even with the right password', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 5; i += 1) expect((await login(h, pro.email, 'wrong password!', uniqueIp())).status).toBe(401);
    const blocked = await login(h, pro.email, pro.password, uniqueIp());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    expect(blocked.body.code).toBe('AUTH.THROTTLED');
  });

  it('when the block window has passed, then the right password works again', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 5; i += 1) await login(h, pro.email, 'wrong password!', uniqueIp());
    expect((await login(h, pro.email, pro.password, uniqueIp())).status).toBe(429);
    h.clock.advance(16 * 60 * 1000);
    try {
      expect((await login(h, pro.email, pro.password, uniqueIp())).status).toBe(200);
    } finally {
      h.clock.reset();
    }
  });

  it('when one address sprays many accounts, then it is blocked per address (credential stuffing)', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 12; i += 1) expect((await login(h, uniqueEmail('spray'), 'whatever password', ip)).status).toBe(401);
    const res = await login(h, uniqueEmail('spray'), 'whatever password', ip);
    expect(res.status).toBe(429);
    const other = await login(h, uniqueEmail('spray'), 'whatever password', uniqueIp());
    expect(other.status).toBe(401);
  });

  it('when a client spoofs X-Forwarded-For behind one trusted hop, then the spoofed part is ignored for the limit key (31)', async () => {
    const single = await startTestHost({ env: { TRUSTED_PROXY_HOPS: '1', LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' } });
    try {
      // Every request claims a new address, but the only trusted entry is the peer the host appended.
      for (let i = 0; i < 3; i += 1) await login(single, uniqueEmail('spoof'), 'whatever password', uniqueIp());
      const res = await login(single, uniqueEmail('spoof'), 'whatever password', uniqueIp());
      expect(res.status).toBe(429);
    } finally {
      await single.stop();
    }
  });

  it('when the account is unknown or the password is wrong, then status and body are the same and timing is comparable', async () => {
    const pro = await createProfessional(h);
    const unknown = await login(h, uniqueEmail('ghost'), 'some password 1', uniqueIp());
    const wrong = await login(h, pro.email, 'some password 1', uniqueIp());
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));

    const samples = { unknown: [] as number[], wrong: [] as number[] };
    // Interleaved samples, compared by median: robust to the other test files sharing the machine.
    for (let i = 0; i < 11; i += 1) {
      const victim = await createProfessional(h);
      for (const kind of ['unknown', 'wrong'] as const) {
        const started = performance.now();
        await login(h, kind === 'unknown' ? uniqueEmail('ghost') : victim.email, 'some password 1', uniqueIp());
        samples[kind].push(performance.now() - started);
      }
    }
    // The leak this guards against is a skipped password hash: an unknown account answering in ~2 ms against
    // ~60 ms for a real one (the faster median ~3 % of the slower). Under heavy CPU contention (several suites
    // sharing 2 cores, load average 15) the hash itself swings by tens of ms and a 25 % bound failed on equal
    // work; the faster median must stay above half the slower one, which a skipped hash can never reach.
    const [u, w] = [median(samples.unknown), median(samples.wrong)];
    expect(Math.abs(u - w) < 20 || Math.min(u, w) / Math.max(u, w) > 0.5, `medians: unknown ${u.toFixed(1)} ms, wrong password ${w.toFixed(1)} ms`).toBe(true);
  });
});
