import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { ACCOUNT_NOTICE_REQUESTED, type AccountStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { OutboxWriter } from '../outbox-writer.ts';
import { recordAudit, type AuditActor } from '../audit.ts';
import { authSessions, users } from '../schema/index.ts';

import { isUniqueViolation } from './unique-violation.ts';

export interface AccountContext { professionalId: string; actor: AuditActor; requestId: string | null; now: Date }

/**
 * The caller's own login inside the caller's tenant transaction: RLS (users_self, users_self_update,
 * auth_sessions_self_revoke) and column grants let the app role touch only its own row's self-service
 * columns (migrations/0016_account_changes.sql).
 */
export function createAccountStore(tx: Tx, ctx: AccountContext): AccountStore {
  return {
    async findOwn(userId) {
      const [u] = await tx.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt), isNull(users.disabledAt))).limit(1);
      return u ? { id: u.id, professionalId: u.professionalId, role: u.role, email: u.email, locale: u.locale, passwordHash: u.passwordHash, revision: u.revision } : null;
    },

    async update(userId, changes, now) {
      const set = {
        ...(changes.email ? { email: changes.email.email, emailNormalized: changes.email.emailNormalized } : {}),
        ...(changes.locale ? { locale: changes.locale } : {}),
        ...(changes.password ? { passwordHash: changes.password.hash, passwordChangedAt: changes.password.changedAt } : {}),
        revision: sql`${users.revision} + 1`,
        updatedAt: now,
      };
      try {
        // A savepoint: a taken e-mail fails this statement only, not the request's transaction.
        const [row] = await tx.transaction((sp) => sp.update(users).set(set).where(eq(users.id, userId)).returning({ revision: users.revision }));
        if (!row) throw new Error('own user row not updatable');
        return { outcome: 'updated' as const, revision: row.revision };
      } catch (error) {
        if (isUniqueViolation(error)) return { outcome: 'email_taken' as const };
        throw error;
      }
    },

    async revokeOtherSessions(userId, keep, reason, now) {
      const ended = await tx.update(authSessions)
        .set({ revokedAt: now, revokedReason: reason, updatedAt: now })
        .where(and(eq(authSessions.userId, userId), ne(authSessions.id, keep), isNull(authSessions.revokedAt)))
        .returning({ id: authSessions.id });
      return ended.length;
    },

    queueNotice: (notice) =>
      new OutboxWriter(tx).append(
        { queue: 'critical', type: ACCOUNT_NOTICE_REQUESTED, version: 1, payload: notice },
        { professionalId: ctx.professionalId, occurredAt: ctx.now, correlationId: ctx.requestId },
      ).then(() => undefined),

    audit: (action, changes) =>
      recordAudit(tx, { professionalId: ctx.professionalId, actor: ctx.actor, action, entityType: 'user', entityId: ctx.actor.userId, changes, requestId: ctx.requestId, occurredAt: ctx.now }),
  };
}
