import type { HttpRequest } from '@azure/functions';
import type { AuthContext, Role } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { ProblemError, type Locale } from './problems.ts';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Verifies the bearer token. Public routes still read a valid token if one is sent (logout); protected
 * routes answer 401 without a valid one and 403 for a role they do not serve. Identity never comes from
 * headers such as X-User-Id or X-MS-CLIENT-PRINCIPAL (TEST-CATALOG 31).
 */
export async function authenticate(req: HttpRequest, rt: Runtime, required: 'public' | readonly Role[], _locale: Locale): Promise<AuthContext | null> {
  const header = req.headers.get('authorization');
  const match = header ? BEARER.exec(header) : null;
  const auth = match?.[1] ? await rt.tokens.verify(match[1], rt.clock.now()) : null;
  if (required === 'public') return auth;
  if (!auth) {
    rt.log.security('auth.token_rejected', { outcome: 'denied', reason: header ? 'invalid_token' : 'missing_token' });
    throw new ProblemError('AUTH.UNAUTHENTICATED', { headers: { 'www-authenticate': 'Bearer realm="korevitta"' } });
  }
  if (!required.includes(auth.role)) {
    rt.log.security('authz.role_denied', { outcome: 'denied', actor: auth.userId, tenant: auth.professionalId, role: auth.role });
    throw new ProblemError('AUTH.FORBIDDEN');
  }
  return auth;
}
