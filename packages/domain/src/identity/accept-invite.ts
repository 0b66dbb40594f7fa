import { fail, ok, type Result } from '../shared/result.ts';
import { checkPassword, passwordFieldProblem } from './password-policy.ts';
import type { PasswordHasher, SecretTokens } from './ports.ts';
import { decideInvite } from './session-rules.ts';
import { startSession, type SessionDeps } from './start-session.ts';
import type { IssuedSession, Locale } from './types.ts';

/** A patient accepts a one-time invite, sets a password, and is logged in. */
export async function acceptInvite(
  deps: SessionDeps & { hasher: PasswordHasher; inviteTokens: SecretTokens },
  input: { token: string; password: string; locale: Locale },
): Promise<Result<IssuedSession, 'AUTH.WEAK_PASSWORD' | 'INVITE.INVALID' | 'INVITE.EMAIL_TAKEN'>> {
  const problem = checkPassword(input.password);
  if (problem) return fail('AUTH.WEAK_PASSWORD', { fields: [passwordFieldProblem(problem, '/body/password')] });
  const result = await deps.store.acceptInvite({
    tokenHash: deps.inviteTokens.hash(input.token),
    now: deps.now,
    userId: deps.ids.newId(),
    passwordHash: await deps.hasher.hash(input.password),
    locale: input.locale,
    decide: (state) => decideInvite(state, deps.now),
  });
  if (result.outcome === 'invalid') return fail('INVITE.INVALID');
  if (result.outcome === 'email_taken') return fail('INVITE.EMAIL_TAKEN');
  return ok(await startSession(deps, result.user));
}
