import { describe, expect, it } from 'vitest';
import { createAccessTokens, generateSigningKeysJson, loadSigningKeys } from './access-tokens.ts';

const options = { issuer: 'https://auth.korevitta.test', audience: 'korevitta-api', ttlSeconds: 900 };
const claims = {
  userId: '01a23cac-5cf3-7fdf-8eb5-a05252c6cfef', role: 'professional' as const, professionalId: '01a23cac-5cf2-7fb9-bb8d-aa4ba2eb7c96',
  patientId: null, sessionId: '01a23cac-5cf4-7000-8000-000000000001',
};

describe('access tokens: verified once, remembered only while jose would accept them (issue 9)', () => {
  it('when the same token comes again, then it is accepted again with the same caller, and a copy each time', async () => {
    const tokens = createAccessTokens(await loadSigningKeys(await generateSigningKeysJson('k1')), options);
    const t0 = new Date('2026-12-03T12:00:00Z');
    const { token } = await tokens.issue(claims, t0);
    const first = await tokens.verify(token, new Date(t0.getTime() + 1_000));
    const second = await tokens.verify(token, new Date(t0.getTime() + 2_000));
    expect(first).toEqual(claims);
    expect(second).toEqual(claims);
    second!.userId = 'changed by a caller';
    expect(await tokens.verify(token, new Date(t0.getTime() + 3_000))).toEqual(claims);
  });

  it('when a remembered token expires, or the clock reads before its iat, then it is refused as jose refuses it', async () => {
    const tokens = createAccessTokens(await loadSigningKeys(await generateSigningKeysJson('k1')), options);
    const t0 = new Date('2026-12-03T12:00:00Z');
    const { token } = await tokens.issue(claims, t0);
    expect(await tokens.verify(token, t0)).toEqual(claims);
    // Past exp beyond the 30 s tolerance: refused (the cache does not extend a token's life).
    expect(await tokens.verify(token, new Date(t0.getTime() + (900 + 31) * 1000))).toBeNull();
    // Well before iat (beyond the tolerance): refused too.
    expect(await tokens.verify(token, new Date(t0.getTime() - 120_000))).toBeNull();
    // Back inside the window: verified again and accepted.
    expect(await tokens.verify(token, new Date(t0.getTime() + 10_000))).toEqual(claims);
  });

  it('when a remembered token is altered by one character of its signature, then it is refused', async () => {
    const tokens = createAccessTokens(await loadSigningKeys(await generateSigningKeysJson('k1')), options);
    const t0 = new Date('2026-12-03T12:00:00Z');
    const { token } = await tokens.issue(claims, t0);
    expect(await tokens.verify(token, t0)).toEqual(claims);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(await tokens.verify(`${token.slice(0, -2)}${last}${token.at(-1)}`, t0)).toBeNull();
  });

  it("when another instance's key signed the token, then a token remembered by one instance is not accepted by the other", async () => {
    const a = createAccessTokens(await loadSigningKeys(await generateSigningKeysJson('k1')), options);
    const b = createAccessTokens(await loadSigningKeys(await generateSigningKeysJson('k1')), options);
    const t0 = new Date('2026-12-03T12:00:00Z');
    const { token } = await a.issue(claims, t0);
    expect(await a.verify(token, t0)).toEqual(claims);
    expect(await b.verify(token, t0)).toBeNull();
  });
});
