import { fail, ok, type Result } from '../shared/result.ts';
import type { LoginThrottle, PasswordHasher } from './ports.ts';
import { startSession, type SessionDeps } from './start-session.ts';
import { isActiveAccount, normalizeEmail, type IssuedSession } from './types.ts';

export interface LogInDeps extends SessionDeps { hasher: PasswordHasher; throttle: LoginThrottle }
export interface LogInInput { email: string; password: string; clientIp: string }

export type LogInFailure = 'AUTH.INVALID_CREDENTIALS' | 'AUTH.THROTTLED';

/**
 * E-mail + password → a new session. Unknown account and wrong password answer the same, after the
 * same hashing work (no enumeration); failures count per account and per address.
 */
export async function logIn(deps: LogInDeps, input: LogInInput): Promise<Result<IssuedSession, LogInFailure>> {
  const email = normalizeEmail(input.email);
  const keys = { email, ip: input.clientIp };
  const blocked = await deps.throttle.blockedFor(keys, deps.now);
  if (blocked > 0) return fail('AUTH.THROTTLED', { retryAfterSeconds: blocked });

  const user = await deps.store.findUserByEmail(email);
  const valid = user && isActiveAccount(user)
    ? await deps.hasher.verify(user.passwordHash, input.password)
    : (await deps.hasher.burn(input.password), false);
  if (!user || !valid) {
    await deps.throttle.recordFailure(keys, deps.now);
    return fail('AUTH.INVALID_CREDENTIALS');
  }
  await deps.throttle.clearAccount(email);
  if (deps.hasher.needsRehash(user.passwordHash)) {
    await deps.store.updatePasswordHash(user.id, await deps.hasher.hash(input.password), deps.now);
  }
  return ok(await startSession(deps, user));
}
