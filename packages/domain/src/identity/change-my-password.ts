import { fail, ok, type Result } from '../shared/result.ts';
import { checkCurrentPassword, type AccountCaller, type AccountDeps } from './account-changes.ts';
import { checkPassword, passwordFieldProblem } from './password-policy.ts';

export type ChangeMyPasswordError = 'AUTH.UNAUTHENTICATED' | 'AUTH.WEAK_PASSWORD' | 'AUTH.REAUTHENTICATION_REQUIRED' | 'AUTH.CURRENT_PASSWORD_INVALID';

/**
 * Current password + new password: sets it, ends every other session of the account (this one stays),
 * tells the account's address, and records it in the audit trail (the value masked).
 */
export async function changeMyPassword(
  deps: AccountDeps,
  input: { caller: AccountCaller; currentPassword: string; newPassword: string },
): Promise<Result<{ revokedSessions: number }, ChangeMyPasswordError>> {
  const account = await deps.accounts.findOwn(input.caller.userId);
  if (!account) return fail('AUTH.UNAUTHENTICATED');
  const refused = await checkCurrentPassword(deps.hasher, account, input.currentPassword);
  if (refused) return refused;
  const weak = checkPassword(input.newPassword, account.email);
  if (weak) return fail('AUTH.WEAK_PASSWORD', { fields: [passwordFieldProblem(weak, '/body/newPassword')] });

  await deps.accounts.update(account.id, { password: { hash: await deps.hasher.hash(input.newPassword), changedAt: deps.now } }, deps.now);
  const revokedSessions = await deps.accounts.revokeOtherSessions(account.id, input.caller.sessionId, 'password_changed', deps.now);
  await deps.accounts.queueNotice({ kind: 'password_changed', userId: account.id, to: account.email, locale: account.locale });
  // The trail names what changed, never the value (and no response key may say "password": TEST-CATALOG 16).
  await deps.accounts.audit('account.password_changed', { credentials: { after: 'changed' }, otherSessionsEnded: { after: revokedSessions } });
  return ok({ revokedSessions });
}
