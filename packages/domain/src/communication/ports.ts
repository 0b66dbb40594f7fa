import type { Outbox } from '../shared/message.ts';
import type { ListedMessage, Message, NotificationPreferences, ParticipantRole, ReadMarker, Thread, ThreadContextType, ThreadSummary } from './types.ts';

/**
 * Threads and messages inside the caller's tenant transaction. RLS decides what is visible: another
 * tenant's or another patient's thread does not exist for these methods.
 */
export interface ThreadStore {
  /** A visible thread whose patient is not deleted. */
  findThread(id: string): Promise<Thread | null>;
  findByContext(patientId: string, contextType: ThreadContextType, contextId: string | null): Promise<Thread | null>;
  /** False when a concurrent request created the same (patient, context) thread first. */
  insertThread(thread: Thread): Promise<boolean>;
  /** The patient is visible to the caller and not deleted. */
  patientExists(patientId: string): Promise<boolean>;
  /** The check-in or protocol exists and belongs to the patient. */
  contextExists(patientId: string, contextType: Exclude<ThreadContextType, 'general'>, contextId: string): Promise<boolean>;
  /** `limit + 1` threads, most recent activity first, with the caller's unread counts. */
  listThreads(q: { userId: string; patientId: string | null; after: { key: string; id: string } | null; limit: number }): Promise<ThreadSummary[]>;
  /**
   * Unread messages over every thread the caller can see; with `patientId`, only that patient's threads (a
   * patient caller passes its own, which RLS would allow alone anyway, so the store can use the patient index).
   */
  unreadTotal(userId: string, patientId?: string | null): Promise<number>;
  unreadCount(threadId: string, userId: string): Promise<number>;
  insertMessage(message: Message): Promise<void>;
  /** Moves last_message_at forward (never back). */
  touchThread(threadId: string, at: Date): Promise<void>;
  /** `limit + 1` messages, newest first. */
  listMessages(q: { threadId: string; after: { key: string; id: string } | null; limit: number }): Promise<ListedMessage[]>;
  messageExists(threadId: string, messageId: string): Promise<boolean>;
  /** Moves the caller's marker to the message if that is later than where it is; returns the marker. */
  advanceReadMarker(m: { threadId: string; userId: string; professionalId: string; messageId: string; now: Date }): Promise<ReadMarker | null>;
  readMarker(threadId: string, userId: string): Promise<ReadMarker | null>;
}

export interface PreferenceStore {
  find(userId: string): Promise<(NotificationPreferences & { updatedAt: Date }) | null>;
  upsert(p: NotificationPreferences & { userId: string; professionalId: string; now: Date }): Promise<void>;
}

/** The audit trail of the caller's transaction (actor and request id bound by the adapter). */
export interface CommunicationAudit {
  record(entry: { action: string; entityType: string; entityId: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface CommunicationDeps {
  threads: ThreadStore;
  preferences: PreferenceStore;
  audit: CommunicationAudit;
  outbox: Outbox;
  correlationId: string | null;
  now: Date;
  newId: () => string;
}

/** A posted message as the notification consumer sees it (system transaction). */
export interface PostedMessage {
  id: string;
  threadId: string;
  professionalId: string;
  patientId: string;
  senderUserId: string;
  senderRole: ParticipantRole;
  /** Display name of the sender: the professional's branding name or the patient's name. */
  senderName: string;
}

export interface Recipient { userId: string; email: string; locale: string }

/** Ports of the notify-new-message consumer (system transaction, after the consumer inbox check). */
export interface MessageNotificationStore {
  findPostedMessage(messageId: string, threadId: string): Promise<PostedMessage | null>;
  /** The other party's active logins: the patient's, or the practice's professional logins. */
  recipientsOf(message: PostedMessage): Promise<Recipient[]>;
  /** Locks (creating if needed) the (thread, recipient) state row until the transaction ends. */
  lockState(threadId: string, recipientUserId: string, professionalId: string): Promise<{ lastNotifiedAt: Date | null }>;
  preferenceOf(userId: string): Promise<NotificationPreferences | null>;
  hasRead(threadId: string, userId: string, messageId: string): Promise<boolean>;
  recordNotified(s: { threadId: string; recipientUserId: string; messageId: string; now: Date }): Promise<void>;
}

export interface NewMessageNotifier {
  send(n: { recipient: Recipient; senderName: string; senderRole: ParticipantRole; threadId: string; professionalId: string; quietPeriodMinutes: number }): Promise<void>;
}

export interface NotifyDeps { store: MessageNotificationStore; notifier: NewMessageNotifier; now: Date }
