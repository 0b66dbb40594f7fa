import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import type { AuthContext, Role } from './auth-context.ts';

/**
 * The only algorithm we sign with and accept (RFC 8725 §3.1: pinned, never taken from the token). ES256,
 * not EdDSA: API Management's validate-jwt verifies PS256, RS256, RS512 and ES256 only (ADR 0009).
 */
export const ACCESS_TOKEN_ALG = 'ES256';
const CURVE = 'P-256';
/** Access tokens carry their own type (RFC 9068); refresh tokens are opaque strings, not JWTs at all. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
export const CLOCK_TOLERANCE_SECONDS = 30;

interface SigningKey { kid: string; privateKey: CryptoKey; publicJwk: JWK }

export interface AccessTokens {
  issue(claims: Omit<AuthContext, never>, now: Date): Promise<{ token: string; expiresIn: number }>;
  /** The verified caller, or null for any token that is not ours, not valid now, or not an access token. */
  verify(token: string, now: Date): Promise<AuthContext | null>;
  jwks(): { keys: JWK[] };
}

export interface AccessTokenOptions { issuer: string; audience: string; ttlSeconds: number }

/** Keys: a JSON array of private P-256 (ES256) JWKs with `kid`; the first signs, all verify (rotation). */
export async function loadSigningKeys(json: string): Promise<SigningKey[]> {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('JWT_PRIVATE_KEYS must be a non-empty JSON array of JWKs');
  return Promise.all(parsed.map(async (jwk: JWK) => {
    if (jwk.kty === 'OKP') throw new Error('JWT_PRIVATE_KEYS holds an Ed25519 key: access tokens are ES256 now (ADR 0009); generate P-256 keys');
    if (!jwk.kid || jwk.kty !== 'EC' || jwk.crv !== CURVE || !jwk.d) throw new Error('each JWT key must be a private P-256 (EC) JWK with a kid');
    const privateKey = (await importJWK(jwk, ACCESS_TOKEN_ALG)) as CryptoKey;
    const { d: _d, ...pub } = jwk;
    return { kid: jwk.kid, privateKey, publicJwk: { ...pub, alg: ACCESS_TOKEN_ALG, use: 'sig' } };
  }));
}

/** A fresh private key set (local mode persists it under DATA_DIR; production reads Key Vault). */
export async function generateSigningKeysJson(kid = `dev-${Date.now().toString(36)}`): Promise<string> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return JSON.stringify([{ ...jwk, kid }]);
}

const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

/** Verified tokens remembered per instance (issue 9); beyond this the oldest are forgotten. */
const VERIFIED_CACHE_MAX = 10_000;

interface Verified { auth: AuthContext; iat: number; until: number }

/**
 * Tokens that verified, so that a caller's next request with the same token skips the signature check
 * (ES256 verification is ~100–200 µs of CPU, the largest single cost of an authenticated read). The key is
 * the whole compact token (header, claims and signature): only those exact bytes ever verified. A hit is
 * trusted only inside the strict window jose would accept without its clock tolerance, from `iat` to the
 * earlier of `exp` and `iat` + the maximum age, so the cache never accepts a token jose would refuse; outside
 * it the token is verified again (and refused or re-cached). Revocation is not a token property: the session
 * is checked in every tenant transaction (ADR 0014). The keys are fixed for the instance's life.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  get(token: string, nowS: number): AuthContext | null {
    const hit = this.entries.get(token);
    if (!hit) return null;
    if (nowS < hit.iat || nowS >= hit.until) {
      this.entries.delete(token);
      return null;
    }
    return { ...hit.auth };
  }

  set(token: string, auth: AuthContext, iat: number, until: number): void {
    if (this.entries.size >= VERIFIED_CACHE_MAX) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { auth: { ...auth }, iat, until });
  }
}

export function createAccessTokens(keys: SigningKey[], options: AccessTokenOptions): AccessTokens {
  const signer = keys[0];
  if (!signer) throw new Error('no signing key');
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  const publicKeys = new Map<string, Promise<CryptoKey>>(keys.map((k) => [k.kid, importJWK(k.publicJwk, ACCESS_TOKEN_ALG) as Promise<CryptoKey>]));
  const verified = new VerifiedTokens();
  const maxTokenAge = options.ttlSeconds + CLOCK_TOLERANCE_SECONDS;

  return {
    async issue(claims, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const token = await new SignJWT({ role: claims.role, pid: claims.professionalId, ptid: claims.patientId, sid: claims.sessionId })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: signer.kid, typ: ACCESS_TOKEN_TYP })
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .sign(signer.privateKey);
      return { token, expiresIn: options.ttlSeconds };
    },

    async verify(token, now) {
      const nowS = Math.floor(now.getTime() / 1000);
      const known = verified.get(token, nowS);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            // Keys come only from our configuration, by kid; key-carrying headers are refused outright.
            if (FORBIDDEN_HEADERS.some((h) => h in header)) throw new Error('untrusted key source');
            const key = header.kid ? publicKeys.get(header.kid) : undefined;
            if (!key || !byKid.has(header.kid ?? '')) throw new Error('unknown kid');
            return key;
          },
          {
            algorithms: [ACCESS_TOKEN_ALG],
            issuer: options.issuer,
            audience: options.audience,
            typ: ACCESS_TOKEN_TYP,
            clockTolerance: CLOCK_TOLERANCE_SECONDS,
            requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
            currentDate: now,
            maxTokenAge,
          },
        );
        const auth = toAuthContext(payload);
        // exp and iat are required claims (checked above); nbf, if any, is in the past.
        if (auth && typeof payload.iat === 'number' && typeof payload.exp === 'number') {
          const iat = Math.max(payload.iat, typeof payload.nbf === 'number' ? payload.nbf : payload.iat);
          verified.set(token, auth, iat, Math.min(payload.exp, payload.iat + maxTokenAge));
        }
        return auth;
      } catch {
        return null;
      }
    },

    jwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toAuthContext(p: JWTPayload): AuthContext | null {
  const role = p.role;
  if (role !== 'professional' && role !== 'patient') return null;
  const { sub, pid, ptid, sid } = p as JWTPayload & { pid?: unknown; ptid?: unknown; sid?: unknown };
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof pid !== 'string' || !UUID.test(pid) || typeof sid !== 'string' || !UUID.test(sid)) return null;
  if (role === 'patient' && (typeof ptid !== 'string' || !UUID.test(ptid))) return null;
  if (role === 'professional' && ptid !== null && ptid !== undefined) return null;
  return { userId: sub, role: role as Role, professionalId: pid, patientId: role === 'patient' ? (ptid as string) : null, sessionId: sid };
}
