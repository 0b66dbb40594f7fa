import { createAccountStore, createLoginThrottle, createProfileReader, tables, withSystemBypass, withTenant } from '@korevitta/db';
import { withReauthenticationThrottle, type AccountDeps, type AccountNoticeKind, type ErrorCode, type ProfileReader, type Result } from '@korevitta/domain';
import { eq } from 'drizzle-orm';
import type { AuthContext } from '../auth/auth-context.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { applyOnce } from '../queue/apply-once.ts';
import { renderAccountNoticeMail } from '../mail/account-notice-mail.ts';
import { mailBrandOf } from './branding-deps.ts';

/**
 * Runs a change of the caller's own account: the re-authentication counters around it (outside, they
 * are system rows), the change itself in the caller's tenant transaction (session-checked, ADR 0014).
 */
export function inAccountTx<T, C extends ErrorCode>(
  rt: Runtime,
  call: { auth: AuthContext; requestId: string; clientIp: string },
  fn: (deps: AccountDeps & { profiles: ProfileReader }) => Promise<Result<T, C>>,
): Promise<Result<T, C | 'AUTH.THROTTLED'>> {
  const now = rt.clock.now();
  const { auth } = call;
  const t = rt.config.loginThrottle;
  const throttle = createLoginThrottle(rt.db, { account: { maxFailures: t.maxFailuresPerAccount, windowSeconds: t.windowSeconds }, ip: { maxFailures: t.maxFailuresPerIp, windowSeconds: t.windowSeconds } }, 'reauth');
  return withReauthenticationThrottle({ throttle, now }, { userId: auth.userId, ip: call.clientIp }, () =>
    withTenant(rt.db, tenantOf(auth), (tx) => fn({
      accounts: createAccountStore(tx, { professionalId: auth.professionalId, actor: { userId: auth.userId, role: auth.role }, requestId: call.requestId, now }),
      hasher: rt.passwords,
      profiles: createProfileReader(tx),
      now,
    })));
}

export const SEND_ACCOUNT_NOTICE_CONSUMER = 'send-account-notice';

/** Consumer of `identity.account_notice_requested`: one notice mail per message (the inbox dedupes), branded for a patient. */
export async function sendAccountNotice(rt: Runtime, input: { userId: string; kind: AccountNoticeKind; to: string; locale: string; messageId: string }): Promise<'sent' | 'skipped'> {
  return withSystemBypass(rt.db, 'consumer: send account notice', async (tx) => {
    if (!(await applyOnce(tx, SEND_ACCOUNT_NOTICE_CONSUMER, input.messageId))) return 'skipped';
    const [user] = await tx.select({ id: tables.users.id, role: tables.users.role, professionalId: tables.users.professionalId }).from(tables.users).where(eq(tables.users.id, input.userId)).limit(1);
    if (!user) return 'skipped';
    // A patient hears about its account in its practice's branding, like every other mail it gets.
    const brand = user.role === 'patient' && user.professionalId ? await mailBrandOf(rt, tx, user.professionalId) : null;
    await rt.mail.send(renderAccountNoticeMail({ kind: input.kind, locale: input.locale, to: input.to, brand, recoverUrl: new URL('/esqueci-senha', rt.config.publicAppUrl).toString() }));
    return 'sent';
  });
}
