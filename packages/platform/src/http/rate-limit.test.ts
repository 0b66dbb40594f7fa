import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './rate-limit.ts';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('FixedWindowLimiter', () => {
  it('when a user spends the quota, then the next call is over it until the window ends, with the seconds left', () => {
    const limiter = new FixedWindowLimiter({ perAddress: 0, perUser: 2, windowSeconds: 60 });
    expect(limiter.hit('1.1.1.1', 'u1', T0).headers).toEqual({ 'ratelimit-policy': '"per-user";q=2;w=60', ratelimit: '"per-user";r=1;t=60' });
    expect(limiter.hit('1.1.1.1', 'u1', T0 + 1000).exceeded).toBeNull();
    const third = limiter.hit('1.1.1.1', 'u1', T0 + 20_500);
    expect(third.exceeded).toEqual({ policy: 'per-user', retryAfterSeconds: 40 });
    expect(third.headers.ratelimit).toBe('"per-user";r=0;t=40');
    expect(limiter.hit('1.1.1.1', 'u2', T0 + 20_500).exceeded).toBeNull();
    expect(limiter.hit('1.1.1.1', 'u1', T0 + 60_000).exceeded).toBeNull();
  });

  it('when both policies apply, then both are announced and the address one counts anonymous calls too', () => {
    const limiter = new FixedWindowLimiter({ perAddress: 2, perUser: 5, windowSeconds: 10 });
    expect(limiter.hit('a', 'u', T0).headers).toEqual({ 'ratelimit-policy': '"per-address";q=2;w=10, "per-user";q=5;w=10', ratelimit: '"per-address";r=1;t=10, "per-user";r=4;t=10' });
    expect(limiter.hit('a', null, T0).headers.ratelimit).toBe('"per-address";r=0;t=10');
    expect(limiter.hit('a', 'u', T0).exceeded).toEqual({ policy: 'per-address', retryAfterSeconds: 10 });
    expect(limiter.hit('b', 'u', T0).exceeded).toBeNull();
  });

  it('when a quota is 0, then that policy is off: no count and no header', () => {
    const limiter = new FixedWindowLimiter({ perAddress: 0, perUser: 0, windowSeconds: 60 });
    for (let i = 0; i < 1000; i++) expect(limiter.hit('a', 'u', T0)).toEqual({ headers: {}, exceeded: null });
  });

  it('when more keys than the bound arrive, then expired windows go first and memory stays bounded', () => {
    const limiter = new FixedWindowLimiter({ perAddress: 1, perUser: 0, windowSeconds: 60 }, 3);
    limiter.hit('old', null, T0);
    limiter.hit('a', null, T0 + 61_000);
    limiter.hit('b', null, T0 + 61_000);
    limiter.hit('c', null, T0 + 61_000); // evicts the expired "old" only
    expect(limiter.hit('a', null, T0 + 61_000).exceeded).not.toBeNull();
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(3);
  });
});
