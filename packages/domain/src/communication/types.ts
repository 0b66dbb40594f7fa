/** Threads between a professional and one patient, and their messages. Message bodies are health data. */
export const THREAD_CONTEXT_TYPES = ['general', 'checkin', 'protocol'] as const;
export type ThreadContextType = (typeof THREAD_CONTEXT_TYPES)[number];

export type ParticipantRole = 'professional' | 'patient';

/** Who is calling (from the verified token). */
export interface Caller { userId: string; role: ParticipantRole; professionalId: string; patientId: string | null }

export interface Thread {
  id: string;
  professionalId: string;
  patientId: string;
  contextType: ThreadContextType;
  contextId: string | null;
  subject: string | null;
  createdBy: string;
  lastMessageAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A thread as a list row: the caller's unread count and the exact keyset value (activity_at as text). */
export interface ThreadSummary { thread: Thread; unreadCount: number; key: string }

export interface Message {
  id: string;
  threadId: string;
  professionalId: string;
  patientId: string;
  senderUserId: string;
  senderRole: ParticipantRole;
  body: string;
  createdAt: Date;
}

/** A message as a list row, with the exact keyset value (created_at as text). */
export interface ListedMessage { message: Message; key: string }

export interface ReadMarker { threadId: string; lastReadAt: Date; lastReadMessageId: string }

export interface NotificationPreferences { emailOnMessage: boolean; quietPeriodMinutes: number }

/** What a user gets before ever saving preferences. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = { emailOnMessage: true, quietPeriodMinutes: 30 };
export const MAX_QUIET_PERIOD_MINUTES = 1440;

export const MESSAGE_BODY_MAX_CHARS = 4000;
export const THREAD_SUBJECT_MAX_CHARS = 200;
