import * as v from 'valibot';
import {
  count, integer, MAX_QUIET_PERIOD_MINUTES, MESSAGE_BODY_MAX_CHARS, multiLine, singleLine, THREAD_CONTEXT_TYPES, THREAD_SUBJECT_MAX_CHARS,
  type ListedMessage, type ReadMarker, type Thread, type ThreadSummary,
} from '@korevitta/domain';
import { decodeCursor, invalidCursor, keysetTimestamp, PageQuery, toPage } from '@korevitta/platform';
import { Id, Instant, pageOf } from '../shared-schemas.ts';

/** Request and response schemas of the communication endpoints (strict: unknown fields are a 400). */
const Uuid = Id;

export const ThreadParams = v.strictObject({ threadId: Uuid });

export const ListThreadsQuery = v.strictObject({ ...PageQuery, patientId: v.optional(Uuid) });

/**
 * Only what the caller chooses: the thread's practice, creator and patient (for a patient caller) come from
 * the token. `patientId` is required of a professional; a patient may omit it (or name itself).
 */
export const CreateThreadBody = v.strictObject({
  patientId: v.optional(Uuid),
  contextType: v.optional(v.picklist(THREAD_CONTEXT_TYPES), 'general'),
  contextId: v.optional(v.nullable(Uuid)),
  subject: v.optional(v.nullable(singleLine(THREAD_SUBJECT_MAX_CHARS))),
});

/** Sender, role, thread and time come from the token and the path: the body is only the text. */
export const CreateMessageBody = v.strictObject({
  /** 1–4000 characters after trimming (an emoji is one). */
  body: multiLine(MESSAGE_BODY_MAX_CHARS),
});

export const MarkReadBody = v.strictObject({ upToMessageId: Uuid });

export const PreferencesBody = v.strictObject({
  emailOnMessage: v.boolean(),
  quietPeriodMinutes: integer(0, MAX_QUIET_PERIOD_MINUTES),
});

export const ThreadItem = v.strictObject({
  id: Id,
  patientId: Id,
  contextType: v.picklist(THREAD_CONTEXT_TYPES),
  contextId: v.nullable(Id),
  subject: v.nullable(singleLine(THREAD_SUBJECT_MAX_CHARS)),
  lastMessageAt: v.nullable(Instant),
  createdAt: Instant,
  /** Messages of the other party after the caller's read marker. */
  unreadCount: count(),
});
/** `unreadTotal`: the caller's unread messages over all its threads (the badge), whatever the filter or page. */
export const ThreadPage = v.strictObject({ ...pageOf(ThreadItem).entries, unreadTotal: count() });

export const MessageItem = v.strictObject({
  id: Id,
  threadId: Id,
  senderRole: v.picklist(['professional', 'patient']),
  /** The caller wrote it. */
  mine: v.boolean(),
  body: multiLine(MESSAGE_BODY_MAX_CHARS),
  createdAt: Instant,
});
export const MessagePage = pageOf(MessageItem);

export const ReadState = v.strictObject({ threadId: Id, lastReadMessageId: Id, lastReadAt: Instant, unreadCount: count() });

export const Preferences = v.strictObject({ emailOnMessage: v.boolean(), quietPeriodMinutes: integer(0, MAX_QUIET_PERIOD_MINUTES), updatedAt: v.nullable(Instant) });

const Keyset = v.object({ k: keysetTimestamp(), id: Uuid });
const MessageKeyset = v.object({ t: Uuid, k: keysetTimestamp(), id: Uuid });

export const threadCursor = (cursor: string | undefined) => {
  const c = decodeCursor(cursor, Keyset);
  return c ? { key: c.k, id: c.id } : null;
};

/** A message cursor belongs to one thread: another thread's cursor is a 400. */
export function messageCursor(cursor: string | undefined, threadId: string) {
  const c = decodeCursor(cursor, MessageKeyset);
  if (c && c.t !== threadId) throw invalidCursor();
  return c ? { key: c.k, id: c.id } : null;
}

export const toThreadItem = (t: Thread, unreadCount: number): v.InferOutput<typeof ThreadItem> => ({
  id: t.id, patientId: t.patientId, contextType: t.contextType, contextId: t.contextId, subject: t.subject,
  lastMessageAt: t.lastMessageAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(), unreadCount,
});

export const toThreadPage = (rows: ThreadSummary[], limit: number, unreadTotal: number) => ({
  ...toPage(rows, limit, (r) => toThreadItem(r.thread, r.unreadCount), (r) => ({ k: r.key, id: r.thread.id })),
  unreadTotal,
});

export const toMessageItem = (m: ListedMessage['message'], callerUserId: string): v.InferOutput<typeof MessageItem> => ({
  id: m.id, threadId: m.threadId, senderRole: m.senderRole, mine: m.senderUserId === callerUserId, body: m.body, createdAt: m.createdAt.toISOString(),
});

export const toMessagePage = (rows: ListedMessage[], limit: number, threadId: string, callerUserId: string) =>
  toPage(rows, limit, (r) => toMessageItem(r.message, callerUserId), (r) => ({ t: threadId, k: r.key, id: r.message.id }));

export const toReadState = (m: ReadMarker, unreadCount: number): v.InferOutput<typeof ReadState> => ({
  threadId: m.threadId, lastReadMessageId: m.lastReadMessageId, lastReadAt: m.lastReadAt.toISOString(), unreadCount,
});

export { errorResponses } from '../shared-schemas.ts';
export const threadNotFound = { 404: { description: 'No such thread among yours (another practice’s or another patient’s is "not found")' } } as const;
