import { describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { POSTGRES_ENTRA_SCOPE, tokenPassword } from './token-password.ts';

const MINUTE = 60_000;

/** A credential that mints `token-1`, `token-2`, ... each valid for `lifetimeMs` from the fake clock. */
function fakeCredential(clock: { now: number }, lifetimeMs = 60 * MINUTE) {
  const calls: string[][] = [];
  let failNext: Error | null = null;
  let nullNext = false;
  let refreshAfterMs: number | undefined;
  const credential: TokenCredential = {
    async getToken(scopes) {
      calls.push([scopes].flat());
      await Promise.resolve();
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      if (nullNext) {
        nullNext = false;
        return null;
      }
      const token: AccessToken = { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + lifetimeMs, ...(refreshAfterMs ? { refreshAfterTimestamp: clock.now + refreshAfterMs } : {}) };
      return token;
    },
  };
  return {
    credential,
    calls,
    failOnce: (e: Error) => { failNext = e; },
    nullOnce: () => { nullNext = true; },
    refreshAfter: (ms: number) => { refreshAfterMs = ms; },
  };
}

describe('tokenPassword: an Entra ID token as the postgres.js password', () => {
  it('when connections open within the token life, then they share one token requested for the PostgreSQL scope', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    const password = tokenPassword(source.credential, { now: () => clock.now });
    expect(await password()).toBe('token-1');
    clock.now += 50 * MINUTE;
    expect(await password()).toBe('token-1');
    expect(source.calls).toEqual([[POSTGRES_ENTRA_SCOPE]]);
  });

  it('when the token is within the refresh margin of expiry, then the next connection gets a new one before it expires', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    const password = tokenPassword(source.credential, { now: () => clock.now, refreshBeforeExpiryMs: 5 * MINUTE });
    await password();
    clock.now = 55 * MINUTE; // 5 minutes left: renew
    expect(await password()).toBe('token-2');
    clock.now = 56 * MINUTE;
    expect(await password()).toBe('token-2');
    expect(source.calls).toHaveLength(2);
  });

  it('when the credential says to refresh earlier (refreshAfterTimestamp), then that earlier time wins', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    source.refreshAfter(30 * MINUTE);
    const password = tokenPassword(source.credential, { now: () => clock.now });
    await password();
    clock.now = 30 * MINUTE;
    expect(await password()).toBe('token-2');
  });

  it('when several connections open during a renewal, then they share one request to the credential', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    const password = tokenPassword(source.credential, { now: () => clock.now });
    const tokens = await Promise.all([password(), password(), password(), password()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
    expect(source.calls).toHaveLength(1);
  });

  it('when a renewal fails while the cached token is still valid, then the cached token is used and the next connection retries', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    const password = tokenPassword(source.credential, { now: () => clock.now });
    await password();
    clock.now = 57 * MINUTE;
    source.failOnce(new Error('IMDS unavailable'));
    expect(await password()).toBe('token-1');
    expect(await password()).toBe('token-3');
  });

  it('when a renewal fails and no valid token is left, then the connection fails with a clear error and a later one recovers', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    const password = tokenPassword(source.credential, { now: () => clock.now });
    await password();
    clock.now = 61 * MINUTE;
    const secretish = Object.assign(new Error('AADSTS: token-1 rejected'), { name: 'AuthenticationRequiredError' });
    source.failOnce(secretish);
    const failure = await password().then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/could not obtain a database access token from Entra ID: AuthenticationRequiredError/);
    expect(String(failure)).not.toContain('token-1');
    expect(await password()).toBe('token-3');
  });

  it('when the credential returns no token, then that is an error, not an empty password', async () => {
    const clock = { now: 0 };
    const source = fakeCredential(clock);
    source.nullOnce();
    const password = tokenPassword(source.credential, { now: () => clock.now });
    await expect(password()).rejects.toThrow(/no token/);
    expect(await password()).toBe('token-2');
  });
});
