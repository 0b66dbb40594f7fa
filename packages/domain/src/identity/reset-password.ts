import { fail, ok, type Result } from '../shared/result.ts';
import { checkPassword, passwordFieldProblem } from './password-policy.ts';
import type { IdentityStore, PasswordHasher, SecretTokens } from './ports.ts';

/** One-time token + new password: sets it and revokes every session of the account. */
export async function resetPassword(
  deps: { store: IdentityStore; hasher: PasswordHasher; secrets: SecretTokens; now: Date },
  input: { token: string; password: string },
): Promise<Result<{ userId: string }, 'AUTH.WEAK_PASSWORD' | 'AUTH.INVALID_RESET_TOKEN'>> {
  const problem = checkPassword(input.password);
  if (problem) return fail('AUTH.WEAK_PASSWORD', { fields: [passwordFieldProblem(problem, '/body/password')] });
  const result = await deps.store.resetPassword({
    tokenHash: deps.secrets.hash(input.token),
    newHash: await deps.hasher.hash(input.password),
    now: deps.now,
  });
  return result.outcome === 'reset' ? ok({ userId: result.userId }) : fail('AUTH.INVALID_RESET_TOKEN');
}
