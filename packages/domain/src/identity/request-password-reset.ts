import { fail, ok, type Result } from '../shared/result.ts';
import type { IdentityStore, LoginThrottle } from './ports.ts';

/** Event on the `critical` queue; its consumer mints the one-time token and sends the e-mail. */
export const PASSWORD_RESET_REQUESTED = 'identity.password_reset_requested';
import { isActiveAccount, normalizeEmail } from './types.ts';

/**
 * Queues a reset e-mail when the account exists and is active. The caller answers the same either way,
 * so the endpoint reveals nothing about which e-mails have accounts. Every request counts against the
 * e-mail asked for and the client address (TEST-CATALOG 10): the limit applies whether or not the account
 * exists, so a 429 reveals nothing either, and a mailbox cannot be flooded with reset mails.
 */
export async function requestPasswordReset(
  deps: { store: IdentityStore; now: Date; throttle: LoginThrottle },
  input: { email: string; correlationId: string | null; clientIp: string },
): Promise<Result<void, 'AUTH.THROTTLED'>> {
  const email = normalizeEmail(input.email);
  const keys = { email, ip: input.clientIp };
  const blocked = await deps.throttle.blockedFor(keys, deps.now);
  if (blocked > 0) return fail('AUTH.THROTTLED', { retryAfterSeconds: blocked });
  await deps.throttle.recordFailure(keys, deps.now);
  const user = await deps.store.findUserByEmail(email);
  if (user && isActiveAccount(user)) await deps.store.requestPasswordReset({ user, now: deps.now, correlationId: input.correlationId });
  return ok(undefined);
}
