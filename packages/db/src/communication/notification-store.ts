import { and, eq, isNull, sql } from 'drizzle-orm';
import type { MessageNotificationStore, PostedMessage, Recipient } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patients, professionals, users } from '../schema/identity.ts';
import { messages, notificationPreferences, threadNotificationState, threadReadMarkers } from '../schema/communication.ts';

/**
 * The notify-new-message consumer's reads and writes. System transaction only (it reads another user's
 * preferences and markers and the recipient's e-mail): the caller names the reason in withSystemBypass.
 */
export function createMessageNotificationStore(tx: Tx): MessageNotificationStore {
  return {
    async findPostedMessage(messageId, threadId): Promise<PostedMessage | null> {
      const [row] = await tx.select({
        id: messages.id, threadId: messages.threadId, professionalId: messages.professionalId, patientId: messages.patientId,
        senderUserId: messages.senderUserId, senderRole: messages.senderRole,
        professionalName: sql<string>`coalesce(${professionals.displayName}, ${professionals.name})`, patientName: patients.name,
      }).from(messages)
        .innerJoin(professionals, eq(professionals.id, messages.professionalId))
        .innerJoin(patients, and(eq(patients.id, messages.patientId), isNull(patients.deletedAt)))
        .where(and(eq(messages.threadId, threadId), eq(messages.id, messageId))).limit(1);
      if (!row) return null;
      const { professionalName, patientName, ...message } = row;
      return { ...message, senderName: message.senderRole === 'professional' ? professionalName : patientName };
    },
    async recipientsOf(m): Promise<Recipient[]> {
      const active = and(isNull(users.deletedAt), isNull(users.disabledAt));
      const who = m.senderRole === 'professional'
        ? and(eq(users.role, 'patient'), eq(users.patientId, m.patientId), eq(users.professionalId, m.professionalId))
        : and(eq(users.role, 'professional'), eq(users.professionalId, m.professionalId));
      return tx.select({ userId: users.id, email: users.email, locale: users.locale }).from(users).where(and(who, active));
    },
    async lockState(threadId, recipientUserId, professionalId) {
      const t = threadNotificationState;
      await tx.insert(t).values({ threadId, recipientUserId, professionalId }).onConflictDoNothing();
      const [row] = await tx.select({ lastNotifiedAt: t.lastNotifiedAt }).from(t)
        .where(and(eq(t.threadId, threadId), eq(t.recipientUserId, recipientUserId))).for('update');
      return { lastNotifiedAt: row?.lastNotifiedAt ?? null };
    },
    async preferenceOf(userId) {
      const [row] = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).limit(1);
      return row ? { emailOnMessage: row.emailOnMessage, quietPeriodMinutes: row.quietPeriodMinutes } : null;
    },
    async hasRead(threadId, userId, messageId) {
      const [row] = await tx.select({ read: sql<boolean>`(${threadReadMarkers.lastReadAt}, ${threadReadMarkers.lastReadMessageId}) >= (${messages.createdAt}, ${messages.id})` })
        .from(threadReadMarkers).innerJoin(messages, and(eq(messages.threadId, threadReadMarkers.threadId), eq(messages.id, messageId)))
        .where(and(eq(threadReadMarkers.threadId, threadId), eq(threadReadMarkers.userId, userId))).limit(1);
      return row?.read === true;
    },
    async recordNotified({ threadId, recipientUserId, messageId, now }) {
      const t = threadNotificationState;
      await tx.update(t).set({ lastNotifiedAt: now, lastMessageId: messageId, updatedAt: now })
        .where(and(eq(t.threadId, threadId), eq(t.recipientUserId, recipientUserId)));
    },
  };
}
