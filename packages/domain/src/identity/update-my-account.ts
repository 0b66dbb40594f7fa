import { fail, ok, type Result } from '../shared/result.ts';
import { checkCurrentPassword, type AccountCaller, type AccountChanges, type AccountDeps } from './account-changes.ts';
import { normalizeEmail, type Locale } from './types.ts';

export interface UpdateMyAccountInput {
  caller: AccountCaller;
  patch: { email?: string; locale?: Locale };
  currentPassword?: string;
  /** From If-Match: null accepts any current revision. */
  expectedRevisions: readonly number[] | null;
}

export type UpdateMyAccountError =
  | 'AUTH.UNAUTHENTICATED' | 'RESOURCE.PRECONDITION_FAILED' | 'AUTH.REAUTHENTICATION_REQUIRED'
  | 'AUTH.CURRENT_PASSWORD_INVALID' | 'AUTH.EMAIL_TAKEN';

/**
 * Edits the caller's own login. A new e-mail needs the current password (TEST-CATALOG 11) and sends a notice
 * to the old address; a current password sent with any change is checked too. Nothing is written on failure.
 */
export async function updateMyAccount(deps: AccountDeps, input: UpdateMyAccountInput): Promise<Result<{ revision: number }, UpdateMyAccountError>> {
  const account = await deps.accounts.findOwn(input.caller.userId);
  if (!account) return fail('AUTH.UNAUTHENTICATED');
  if (input.expectedRevisions !== null && !input.expectedRevisions.includes(account.revision)) return fail('RESOURCE.PRECONDITION_FAILED');

  const changes: AccountChanges = {};
  const audit: Record<string, { before?: unknown; after?: unknown }> = {};
  const newEmail = input.patch.email?.trim();
  if (newEmail !== undefined && newEmail !== account.email) {
    changes.email = { email: newEmail, emailNormalized: normalizeEmail(newEmail) };
    audit.email = { before: account.email, after: newEmail };
  }
  if (input.patch.locale !== undefined && input.patch.locale !== account.locale) {
    changes.locale = input.patch.locale;
    audit.locale = { before: account.locale, after: input.patch.locale };
  }
  if (changes.email || input.currentPassword !== undefined) {
    const refused = await checkCurrentPassword(deps.hasher, account, input.currentPassword);
    if (refused) return refused;
  }
  if (!changes.email && !changes.locale) return ok({ revision: account.revision });

  const updated = await deps.accounts.update(account.id, changes, deps.now);
  if (updated.outcome === 'email_taken') return fail('AUTH.EMAIL_TAKEN');
  if (changes.email) await deps.accounts.queueNotice({ kind: 'email_changed', userId: account.id, to: account.email, locale: changes.locale ?? account.locale });
  await deps.accounts.audit('account.updated', audit);
  return ok({ revision: updated.revision });
}
