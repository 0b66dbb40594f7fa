import type { AccessToken, TokenCredential } from '@azure/identity';

/** The Entra ID scope of Azure Database for PostgreSQL (tokens for it are the connection password). */
export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

export interface TokenPasswordOptions {
  scope?: string;
  /** Renew when the cached token has less than this left (default 5 minutes). */
  refreshBeforeExpiryMs?: number;
  /** Injected clock for tests. */
  now?: () => number;
}

/**
 * A postgres.js `password` function backed by an Entra ID credential (ADR 0010). postgres.js calls it each
 * time it opens a connection; a token is checked only then, so an open connection outlives its token.
 *
 * - One token is shared by every new connection until it is within `refreshBeforeExpiryMs` of expiry (or
 *   past the credential's own `refreshAfterTimestamp`); then the next connection fetches a new one.
 * - Concurrent connections during a renewal share one request to the credential.
 * - If the renewal fails while the cached token is still valid, the cached token is used and the next
 *   connection tries again; once it has expired, the function rejects with a message that names the cause
 *   (openDatabase reports it and fails that connection; the next one tries again).
 * The token is never logged and never part of an error message.
 */
export function tokenPassword(credential: TokenCredential, options: TokenPasswordOptions = {}): () => Promise<string> {
  const scope = options.scope ?? POSTGRES_ENTRA_SCOPE;
  const margin = options.refreshBeforeExpiryMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: AccessToken | null = null;
  let renewing: Promise<AccessToken> | null = null;

  const renewAt = (t: AccessToken) => Math.min(t.expiresOnTimestamp - margin, t.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY);
  const renew = () => {
    renewing ??= credential.getToken(scope).then(
      (token) => {
        renewing = null;
        if (!token?.token) throw new Error('the credential returned no token for the database');
        cached = token;
        return token;
      },
      (error: unknown) => {
        renewing = null;
        throw new Error(`could not obtain a database access token from Entra ID: ${error instanceof Error ? error.name : 'error'}`);
      },
    );
    return renewing;
  };

  return async () => {
    const current = cached;
    if (current && now() < renewAt(current)) return current.token;
    try {
      return (await renew()).token;
    } catch (error) {
      if (current && now() < current.expiresOnTimestamp) return current.token;
      throw error;
    }
  };
}
