import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, base64url, createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';

/** TEST-CATALOG 1–4: every forged, tampered, mistyped or mis-claimed token → 401 problem+json. */
describe('access tokens: algorithm allowlist, claims, token types, key sources', () => {
  let h: TestHost;
  let pro: Professional;
  let ourKey: CryptoKey;
  let ourJwk: JWK;
  let sentinelHits = 0;
  let sentinelUrl = '';
  const sentinel = createServer((_req, res) => { sentinelHits += 1; res.end('{}'); });

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    const keys = JSON.parse(h.signingKeysJson) as JWK[];
    ourJwk = keys[0]!;
    ourKey = (await importJWK(ourJwk, 'ES256')) as CryptoKey;
    await new Promise<void>((r) => sentinel.listen(0, '127.0.0.1', () => r()));
    sentinelUrl = `http://127.0.0.1:${(sentinel.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(async () => { await h.stop(); sentinel.close(); });

  const claims = () => ({ role: 'professional', pid: pro.professionalId, ptid: null, sid: decodeJwt(pro.accessToken).sid });
  // The sid is the live session of the professional's login: since ADR 0014 a token whose session does not
  // exist is refused, so the control token must name a real one.
  const sign = (opts: { header?: Record<string, unknown>; iss?: string | null; aud?: string | null; exp?: number | null; nbf?: number; key?: CryptoKey | Uint8Array; alg?: string } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT(claims()).setProtectedHeader({ alg: opts.alg ?? 'ES256', kid: ourJwk.kid!, typ: 'at+jwt', ...opts.header } as never).setSubject(pro.userId).setIssuedAt(now);
    if (opts.iss !== null) jwt = jwt.setIssuer(opts.iss ?? 'https://auth.korevitta.test');
    if (opts.aud !== null) jwt = jwt.setAudience(opts.aud ?? 'korevitta-api');
    if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? now + 600);
    if (opts.nbf !== undefined) jwt = jwt.setNotBefore(opts.nbf);
    return jwt.sign(opts.key ?? ourKey);
  };
  const expect401 = async (token: string) => {
    const res = await h.api.get('/v1/me', { token });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 401 });
  };

  it('when our own well-formed token is sent, then it is accepted (control)', async () => {
    const res = await h.api.get('/v1/me', { token: await sign() });
    expect(res.status).toBe(200);
  });

  it('when alg is none, then 401 (1)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: ourJwk.kid }));
    const payload = base64url.encode(JSON.stringify({ ...claims(), sub: pro.userId, iss: 'https://auth.korevitta.test', aud: 'korevitta-api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }));
    await expect401(`${header}.${payload}.`);
  });

  it('when HS256 is signed with the public key (key confusion), then 401 (1)', async () => {
    const publicBytes = new TextEncoder().encode(JSON.stringify(h.rt.tokens.jwks().keys[0]));
    await expect401(await sign({ alg: 'HS256', key: publicBytes }));
    await expect401(await sign({ alg: 'HS256', key: base64url.decode(ourJwk.x!) }));
    await expect401(await sign({ alg: 'HS256', key: new TextEncoder().encode(`${ourJwk.x!}${ourJwk.y!}`) }));
  });

  it('when an algorithm outside the allowlist is used, then 401 (1)', async () => {
    const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await expect401(await sign({ alg: 'EdDSA', key: ed.privateKey }));
    const p384 = await generateKeyPair('ES384');
    await expect401(await sign({ alg: 'ES384', key: p384.privateKey }));
  });

  it('when an ES256 token is signed by a key that is not ours under our kid, then 401 (1)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await expect401(await sign({ key: privateKey }));
  });

  it('when one byte of header, payload or signature is flipped, then 401 (1)', async () => {
    const token = await sign();
    const parts = token.split('.');
    for (let i = 0; i < 3; i += 1) {
      const p = parts[i]!;
      const mid = Math.floor(p.length / 2);
      const flipped = p.slice(0, mid) + (p[mid] === 'A' ? 'B' : 'A') + p.slice(mid + 1);
      const forged = [...parts];
      forged[i] = flipped;
      await expect401(forged.join('.'));
    }
  });

  it('when exp is past (beyond 30 s tolerance), nbf is in the future, or exp is missing, then 401 (2)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await sign({ exp: now - 31 }));
    await expect401(await sign({ nbf: now + 120 }));
    await expect401(await sign({ exp: null }));
  });

  it('when iss or aud is wrong or missing, then 401 (2)', async () => {
    await expect401(await sign({ iss: 'https://evil.example' }));
    await expect401(await sign({ iss: null }));
    await expect401(await sign({ aud: 'another-api' }));
    await expect401(await sign({ aud: null }));
  });

  it('when typ is wrong or missing, or a refresh token is sent as bearer, then 401 (3)', async () => {
    await expect401(await sign({ header: { typ: 'JWT' } }));
    const noTyp = await new SignJWT({ ...claims() }).setProtectedHeader({ alg: 'ES256', kid: ourJwk.kid! }).setSubject(pro.userId)
      .setIssuer('https://auth.korevitta.test').setAudience('korevitta-api').setIssuedAt().setExpirationTime('5m').sign(ourKey);
    await expect401(noTyp);
    await expect401(pro.refreshToken);
  });

  it('when an access token is sent as a refresh token, then 401 (3)', async () => {
    const res = await h.api.post('/v1/auth/refresh', { refreshToken: pro.accessToken });
    expect([400, 401]).toContain(res.status);
  });

  it('when a token carries jku, x5u, an embedded jwk or an unknown kid, then 401 and nothing is fetched (4)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const attackerJwk = await exportJWK(publicKey);
    await expect401(await sign({ header: { jku: sentinelUrl } }));
    await expect401(await sign({ header: { x5u: sentinelUrl } }));
    await expect401(await sign({ header: { jwk: attackerJwk }, key: privateKey }));
    await expect401(await sign({ header: { kid: 'unknown-kid' } }));
    await expect401(await sign({ header: { kid: 'unknown-kid', jku: sentinelUrl }, key: privateKey }));
    expect(sentinelHits).toBe(0);
  });

  it('when the JWKS is read, then it publishes only public parts with kid and alg', async () => {
    const res = await h.api.get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'test-key-1', alg: 'ES256', use: 'sig' });
    expect(res.body.keys[0].d).toBeUndefined();
  });

  it('when a verifier follows the discovery document (as API Management does), then our access token verifies with ES256 only', async () => {
    const discovery = await h.api.get('/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(discovery.body).toEqual({ issuer: 'https://auth.korevitta.test', jwks_uri: 'https://auth.korevitta.test/.well-known/jwks.json' });
    const jwks = await h.api.get(new URL(discovery.body.jwks_uri as string).pathname);
    const keySet = createLocalJWKSet(jwks.body as { keys: JWK[] });
    const { payload, protectedHeader } = await jwtVerify(pro.accessToken, keySet, { issuer: discovery.body.issuer as string, audience: 'korevitta-api', algorithms: ['ES256'] });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload.sub).toBe(pro.userId);
    await expect(jwtVerify(pro.accessToken, keySet, { algorithms: ['EdDSA', 'RS256'] })).rejects.toThrow();
  });
});
