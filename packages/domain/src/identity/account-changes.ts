import { fail, type DomainError, type Result } from '../shared/result.ts';
import type { ErrorCode } from '../shared/errors.ts';
import type { LoginThrottle, PasswordHasher } from './ports.ts';
import type { Locale, Role } from './types.ts';

/** Event on the `critical` queue: tell the account's (old) address that its e-mail or password changed. */
export const ACCOUNT_NOTICE_REQUESTED = 'identity.account_notice_requested';
export const ACCOUNT_NOTICE_KINDS = ['email_changed', 'password_changed'] as const;
export type AccountNoticeKind = (typeof ACCOUNT_NOTICE_KINDS)[number];

/** The caller's own login, read inside the caller's tenant transaction. */
export interface OwnAccount {
  id: string;
  professionalId: string;
  role: Role;
  email: string;
  locale: Locale;
  passwordHash: string;
  revision: number;
}

export interface AccountChanges {
  email?: { email: string; emailNormalized: string };
  locale?: Locale;
  password?: { hash: string; changedAt: Date };
}

/** Port: the caller's own account, bound to the caller's tenant transaction (RLS: only its own row). */
export interface AccountStore {
  findOwn(userId: string): Promise<OwnAccount | null>;
  /** Applies the changes and bumps the revision; `email_taken` when another account holds the e-mail. */
  update(userId: string, changes: AccountChanges, now: Date): Promise<{ outcome: 'updated'; revision: number } | { outcome: 'email_taken' }>;
  /** Revokes every live session of the user except `keep`; returns how many ended. */
  revokeOtherSessions(userId: string, keep: string, reason: 'password_changed', now: Date): Promise<number>;
  queueNotice(notice: { kind: AccountNoticeKind; userId: string; to: string; locale: Locale }): Promise<void>;
  audit(action: 'account.updated' | 'account.password_changed', changes: Record<string, { before?: unknown; after?: unknown }>): Promise<void>;
}

export interface AccountDeps { accounts: AccountStore; hasher: PasswordHasher; now: Date }
export interface AccountCaller { userId: string; sessionId: string }

/** The current password, checked against the stored hash: null when it matches, else the refusal. */
export async function checkCurrentPassword(
  hasher: PasswordHasher,
  account: OwnAccount,
  password: string | undefined,
): Promise<{ ok: false; error: DomainError<'AUTH.REAUTHENTICATION_REQUIRED' | 'AUTH.CURRENT_PASSWORD_INVALID'> } | null> {
  if (password === undefined) return fail('AUTH.REAUTHENTICATION_REQUIRED');
  return (await hasher.verify(account.passwordHash, password)) ? null : fail('AUTH.CURRENT_PASSWORD_INVALID');
}

/**
 * Re-authentication is a password guess a stolen access token could repeat: it is throttled like a login,
 * per account and per address, in counters of its own. `attempt` runs the change (in its own transaction,
 * outside which the counters are read and written).
 */
export async function withReauthenticationThrottle<T, C extends ErrorCode>(
  deps: { throttle: LoginThrottle; now: Date },
  keys: { userId: string; ip: string },
  attempt: () => Promise<Result<T, C>>,
): Promise<Result<T, C | 'AUTH.THROTTLED'>> {
  const throttleKeys = { email: keys.userId, ip: keys.ip };
  const blocked = await deps.throttle.blockedFor(throttleKeys, deps.now);
  if (blocked > 0) return fail('AUTH.THROTTLED', { retryAfterSeconds: blocked });
  const result = await attempt();
  if (!result.ok && result.error.code === 'AUTH.CURRENT_PASSWORD_INVALID') await deps.throttle.recordFailure(throttleKeys, deps.now);
  return result;
}
