import { and, eq, isNull, sql } from 'drizzle-orm';
import { PASSWORD_RESET_REQUESTED, type IdentityStore, type InviteState, type RefreshTokenState, type UserAccount } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { OutboxWriter } from '../outbox-writer.ts';
import { authSessions, passwordResetTokens, patientInvites, patients, professionals, refreshTokens, users } from '../schema/index.ts';

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown): boolean => {
  for (let cur: unknown = e, i = 0; cur && typeof cur === 'object' && i < 4; i += 1) {
    if ((cur as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
};

type UserRow = typeof users.$inferSelect;
const toAccount = (u: UserRow): UserAccount => ({
  id: u.id,
  professionalId: u.professionalId,
  patientId: u.patientId,
  role: u.role,
  email: u.email,
  passwordHash: u.passwordHash,
  locale: u.locale,
  disabledAt: u.disabledAt,
  deletedAt: u.deletedAt,
});

/**
 * Identity persistence for the pre-authentication flows (login, refresh, reset, invites). No tenant is
 * known before the caller proves who they are, so these run on the system handle, each method one
 * transaction; the rows they touch are chosen by secret-hash or e-mail lookups, never by client ids.
 */
export function createIdentityStore(db: Database): IdentityStore {
  const system = <T>(reason: string, fn: (tx: Tx) => Promise<T>) => withSystemBypass(db, `identity: ${reason}`, fn);

  return {
    findUserByEmail: (emailNormalized) =>
      system('find user by e-mail', async (tx) => {
        const [row] = await tx.select().from(users).where(eq(users.emailNormalized, emailNormalized)).limit(1);
        return row ? toAccount(row) : null;
      }),

    createProfessionalAccount: async (input) => {
      try {
        await system('register professional', async (tx) => {
          await tx.insert(professionals).values({ id: input.professionalId, name: input.name, createdAt: input.now, updatedAt: input.now });
          await tx.insert(users).values({
            id: input.userId,
            professionalId: input.professionalId,
            role: 'professional',
            email: input.email,
            emailNormalized: input.emailNormalized,
            passwordHash: input.passwordHash,
            locale: input.locale,
            passwordChangedAt: input.now,
            createdAt: input.now,
            updatedAt: input.now,
          });
        });
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email_taken';
        throw error;
      }
    },

    updatePasswordHash: (userId, hash, now) =>
      system('rehash password', async (tx) => {
        await tx.update(users).set({ passwordHash: hash, updatedAt: now }).where(eq(users.id, userId));
      }),

    startSession: (input) =>
      system('start session', async (tx) => {
        await tx.insert(authSessions).values({ id: input.sessionId, professionalId: input.user.professionalId, userId: input.user.id, createdAt: input.now, updatedAt: input.now });
        await tx.insert(refreshTokens).values({
          id: input.tokenId,
          professionalId: input.user.professionalId,
          sessionId: input.sessionId,
          tokenHash: input.refreshHash,
          expiresAt: input.expiresAt,
          createdAt: input.now,
          updatedAt: input.now,
        });
      }),

    rotateRefreshToken: (input) =>
      system('rotate refresh token', async (tx) => {
        // Lock the presented token row first: concurrent refreshes of one token serialize here.
        const [row] = await tx
          .select({
            tokenId: refreshTokens.id,
            sessionId: refreshTokens.sessionId,
            usedAt: refreshTokens.usedAt,
            expiresAt: refreshTokens.expiresAt,
            sessionRevokedAt: authSessions.revokedAt,
            userId: users.id,
            professionalId: users.professionalId,
            patientId: users.patientId,
            role: users.role,
            disabledAt: users.disabledAt,
            deletedAt: users.deletedAt,
            tenantDeletedAt: professionals.deletedAt,
            patientGone: sql<boolean>`${users.patientId} is not null and (${patients.id} is null or ${patients.deletedAt} is not null or ${patients.status} = 'archived' or ${patients.professionalId} <> ${users.professionalId})`,
          })
          .from(refreshTokens)
          .innerJoin(authSessions, eq(authSessions.id, refreshTokens.sessionId))
          .innerJoin(users, eq(users.id, authSessions.userId))
          .innerJoin(professionals, eq(professionals.id, users.professionalId))
          .leftJoin(patients, eq(patients.id, users.patientId))
          .where(eq(refreshTokens.tokenHash, input.presentedHash))
          .for('update', { of: [refreshTokens, authSessions] });
        if (!row) return { outcome: 'not_found' as const };
        const state: RefreshTokenState = {
          sessionId: row.sessionId,
          userId: row.userId,
          professionalId: row.professionalId,
          patientId: row.patientId,
          role: row.role,
          usedAt: row.usedAt,
          expiresAt: row.expiresAt,
          sessionRevokedAt: row.sessionRevokedAt,
          // The same conditions as the per-request session check (ADR 0014): account, tenant and patient record.
          userActive: row.disabledAt === null && row.deletedAt === null && row.tenantDeletedAt === null && !row.patientGone,
        };
        const decision = input.decide(state);
        if (decision.kind === 'rotate') {
          await tx.update(refreshTokens).set({ usedAt: input.now, updatedAt: input.now }).where(eq(refreshTokens.id, row.tokenId));
          await tx.insert(refreshTokens).values({
            id: input.successor.tokenId,
            professionalId: row.professionalId,
            sessionId: row.sessionId,
            tokenHash: input.successor.hash,
            expiresAt: input.successor.expiresAt,
            createdAt: input.now,
            updatedAt: input.now,
          });
        } else if (decision.kind === 'reuse_detected') {
          await tx.update(authSessions)
            .set({ revokedAt: input.now, revokedReason: 'reuse_detected', updatedAt: input.now })
            .where(and(eq(authSessions.id, row.sessionId), isNull(authSessions.revokedAt)));
        }
        return { outcome: decision.kind, state };
      }),

    revokeSession: (sessionId, userId, reason, now) =>
      system('revoke session', async (tx) => {
        const revoked = await tx.update(authSessions)
          .set({ revokedAt: now, revokedReason: reason, updatedAt: now })
          .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
          .returning({ id: authSessions.id });
        return revoked.length > 0;
      }),

    requestPasswordReset: ({ user, now, correlationId }) =>
      system('queue password reset', async (tx) => {
        await new OutboxWriter(tx).append(
          { queue: 'critical', type: PASSWORD_RESET_REQUESTED, version: 1, payload: { userId: user.id } },
          { professionalId: user.professionalId, occurredAt: now, correlationId },
        );
      }),

    resetPassword: ({ tokenHash, newHash, now }) =>
      system('reset password', async (tx) => {
        const [token] = await tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, tokenHash)).for('update');
        if (!token || token.usedAt !== null || token.expiresAt.getTime() <= now.getTime()) return { outcome: 'invalid' as const };
        const [user] = await tx.select().from(users).where(eq(users.id, token.userId));
        if (!user || user.disabledAt !== null || user.deletedAt !== null) return { outcome: 'invalid' as const };
        await tx.update(passwordResetTokens).set({ usedAt: now, updatedAt: now }).where(eq(passwordResetTokens.id, token.id));
        await tx.update(users).set({ passwordHash: newHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
        await tx.update(authSessions)
          .set({ revokedAt: now, revokedReason: 'password_reset', updatedAt: now })
          .where(and(eq(authSessions.userId, user.id), isNull(authSessions.revokedAt)));
        return { outcome: 'reset' as const, userId: user.id };
      }),

    acceptInvite: async (input) => {
      try {
        return await system('accept invite', async (tx) => {
          const [row] = await tx
            .select({ invite: patientInvites, patient: patients })
            .from(patientInvites)
            .innerJoin(patients, eq(patients.id, patientInvites.patientId))
            .where(eq(patientInvites.tokenHash, input.tokenHash))
            .for('update');
          if (!row) return { outcome: 'invalid' as const };
          const state: InviteState = {
            inviteId: row.invite.id,
            professionalId: row.invite.professionalId,
            patientId: row.patient.id,
            email: row.patient.email,
            expiresAt: row.invite.expiresAt,
            acceptedAt: row.invite.acceptedAt,
            supersededAt: row.invite.supersededAt,
            patientHasLogin: row.patient.userId !== null,
            patientDeleted: row.patient.deletedAt !== null,
          };
          if (input.decide(state).kind !== 'accept' || !state.email) return { outcome: 'invalid' as const };
          const [user] = await tx.insert(users).values({
            id: input.userId,
            professionalId: state.professionalId,
            patientId: state.patientId,
            role: 'patient',
            email: state.email,
            emailNormalized: state.email.trim().toLowerCase(),
            passwordHash: input.passwordHash,
            locale: input.locale,
            passwordChangedAt: input.now,
            createdAt: input.now,
            updatedAt: input.now,
          }).returning();
          await tx.update(patients).set({ userId: input.userId, updatedAt: input.now }).where(eq(patients.id, state.patientId));
          await tx.update(patientInvites).set({ acceptedAt: input.now, updatedAt: input.now }).where(eq(patientInvites.id, state.inviteId));
          if (!user) throw new Error('insert returned no user');
          return { outcome: 'accepted' as const, user: toAccount(user) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { outcome: 'email_taken' as const };
        throw error;
      }
    },
  };
}

/** Tests and tools: how many live sessions a user has. */
export async function countLiveSessions(db: Database, userId: string): Promise<number> {
  return withSystemBypass(db, 'identity: count sessions', async (tx) => {
    const rows = await tx.select({ n: sql<number>`count(*)::int` }).from(authSessions).where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)));
    return rows[0]?.n ?? 0;
  });
}
