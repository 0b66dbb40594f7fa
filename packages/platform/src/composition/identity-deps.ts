import { createIdentityStore, createLoginThrottle } from '@korevitta/db';
import type { IssuedSession, LogInDeps } from '@korevitta/domain';
import type { Runtime } from '../runtime.ts';
import { refreshSecrets } from '../auth/secret-tokens.ts';
import { ids } from '../ids.ts';

/** The ports of the identity use cases, bound to this runtime, with `now` fixed for one request. */
export function identityDeps(rt: Runtime): LogInDeps {
  return {
    store: createIdentityStore(rt.db),
    hasher: rt.passwords,
    ids,
    secrets: refreshSecrets,
    throttle: createLoginThrottle(rt.db, {
      account: { maxFailures: rt.config.loginThrottle.maxFailuresPerAccount, windowSeconds: rt.config.loginThrottle.windowSeconds },
      ip: { maxFailures: rt.config.loginThrottle.maxFailuresPerIp, windowSeconds: rt.config.loginThrottle.windowSeconds },
    }),
    now: rt.clock.now(),
    refreshTtlDays: rt.config.jwt.refreshTtlDays,
  };
}

/** The password-reset request's counters: every request counts, per e-mail asked for and per address. */
export function resetThrottleOf(rt: Runtime) {
  const t = rt.config.resetThrottle;
  return createLoginThrottle(rt.db, { account: { maxFailures: t.maxPerAccount, windowSeconds: t.windowSeconds }, ip: { maxFailures: t.maxPerIp, windowSeconds: t.windowSeconds } }, 'reset');
}

export interface TokenResponse { accessToken: string; refreshToken: string; tokenType: 'Bearer'; expiresIn: number }

/** The token pair a client receives after login, refresh or invite acceptance. */
export async function tokenResponse(rt: Runtime, issued: IssuedSession): Promise<TokenResponse> {
  const access = await rt.tokens.issue(
    { userId: issued.user.id, role: issued.user.role, professionalId: issued.user.professionalId, patientId: issued.user.patientId, sessionId: issued.sessionId },
    rt.clock.now(),
  );
  return { accessToken: access.token, refreshToken: issued.refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
}
