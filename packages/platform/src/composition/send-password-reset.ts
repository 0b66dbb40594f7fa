import { and, eq, isNull, ne } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import type { Runtime } from '../runtime.ts';
import { renderPasswordResetMail } from '../mail/password-reset-mail.ts';
import { resetSecrets } from '../auth/secret-tokens.ts';
import { ids } from '../ids.ts';
import { applyOnce } from '../queue/apply-once.ts';
import { mailBrandOf } from '../composition/branding-deps.ts';

export const PASSWORD_RESET_TTL_MINUTES = 30;
export const SEND_PASSWORD_RESET_CONSUMER = 'send-password-reset';

/**
 * Consumer of `identity.password_reset_requested`: mints the one-time token (only its hash is stored),
 * and sends the e-mail, in one transaction with the processed-message record, so a redelivered message
 * sends nothing twice and a failed send rolls the token back for the retry.
 */
export async function sendPasswordReset(rt: Runtime, input: { userId: string; messageId: string; now: Date }): Promise<'sent' | 'skipped'> {
  return withSystemBypass(rt.db, 'consumer: send password reset', async (tx) => {
    if (!(await applyOnce(tx, SEND_PASSWORD_RESET_CONSUMER, input.messageId))) return 'skipped';
    const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, input.userId)).limit(1);
    if (!user || user.disabledAt || user.deletedAt) return 'skipped';
    const token = resetSecrets.generate();
    await tx.insert(tables.passwordResetTokens).values({
      id: ids.newId(),
      professionalId: user.professionalId,
      userId: user.id,
      tokenHash: resetSecrets.hash(token),
      expiresAt: new Date(input.now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000),
      createdAt: input.now,
      updatedAt: input.now,
    });
    // Older unused links stop working once a newer one is sent.
    const t = tables.passwordResetTokens;
    await tx.update(t).set({ usedAt: input.now, updatedAt: input.now })
      .where(and(eq(t.userId, user.id), isNull(t.usedAt), ne(t.tokenHash, resetSecrets.hash(token))));
    const resetUrl = new URL('/redefinir-senha', rt.config.publicAppUrl);
    resetUrl.searchParams.set('token', token);
    // A patient meets its professional's branding; a professional gets KoreVitta's own mail.
    const brand = user.role === 'patient' ? await mailBrandOf(rt, tx, user.professionalId) : null;
    await rt.mail.send(renderPasswordResetMail({ brand, locale: user.locale, to: user.email, resetUrl: resetUrl.toString(), expiresInMinutes: PASSWORD_RESET_TTL_MINUTES }));
    return 'sent';
  });
}
