import { fail, invalid, ok, type Result } from '../shared/result.ts';
import type { CommunicationDeps, ThreadStore } from './ports.ts';
import { isParticipant, normalizeMessageBody } from './rules.ts';
import type { Caller, ListedMessage, Message, ReadMarker, Thread } from './types.ts';

/** Event on the `default` queue (ids only: no body leaves the database); its consumer may e-mail the recipient. */
export const MESSAGE_POSTED = 'communication.message_posted';
export interface MessagePostedV1 { threadId: string; messageId: string }

async function participantThread(threads: ThreadStore, caller: Caller, threadId: string): Promise<Thread | null> {
  const thread = await threads.findThread(threadId);
  return thread && isParticipant(caller, thread) ? thread : null;
}

/**
 * Posts a message as the caller: a participant only, body trimmed to 1–4000 characters. In the same
 * transaction it moves the thread's last-message time and the sender's read marker (one's own message is
 * read) and appends the outbox event. Messages are not audited: the row itself is the attributed,
 * append-only record, and a body must never reach the audit trail.
 */
export async function postMessage(deps: CommunicationDeps, caller: Caller, input: { threadId: string; body: string }): Promise<Result<Message, 'THREAD.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const body = normalizeMessageBody(input.body);
  if (!body.ok) return invalid(body.problem);
  const thread = await participantThread(deps.threads, caller, input.threadId);
  if (!thread) return fail('THREAD.NOT_FOUND');
  const message: Message = {
    id: deps.newId(),
    threadId: thread.id,
    professionalId: thread.professionalId,
    patientId: thread.patientId,
    senderUserId: caller.userId,
    senderRole: caller.role,
    body: body.body,
    createdAt: deps.now,
  };
  await deps.threads.insertMessage(message);
  await deps.threads.touchThread(thread.id, message.createdAt);
  await deps.threads.advanceReadMarker({ threadId: thread.id, userId: caller.userId, professionalId: thread.professionalId, messageId: message.id, now: deps.now });
  const payload: MessagePostedV1 = { threadId: thread.id, messageId: message.id };
  await deps.outbox.append(
    { queue: 'default', type: MESSAGE_POSTED, version: 1, payload, messageId: message.id },
    { professionalId: thread.professionalId, occurredAt: deps.now, correlationId: deps.correlationId },
  );
  return ok(message);
}

/** A thread's messages, newest first (keyset on created_at, id), with the patient the thread is about (the access log's subject). */
export async function listMessages(
  deps: { threads: ThreadStore },
  caller: Caller,
  q: { threadId: string; after: { key: string; id: string } | null; limit: number },
): Promise<Result<{ patientId: string; messages: ListedMessage[] }, 'THREAD.NOT_FOUND'>> {
  const thread = await participantThread(deps.threads, caller, q.threadId);
  if (!thread) return fail('THREAD.NOT_FOUND');
  return ok({ patientId: thread.patientId, messages: await deps.threads.listMessages(q) });
}

/** Marks the thread read up to a message of it; the marker never moves backwards. */
export async function markThreadRead(
  deps: { threads: ThreadStore; now: Date },
  caller: Caller,
  input: { threadId: string; upToMessageId: string },
): Promise<Result<{ marker: ReadMarker; unreadCount: number }, 'THREAD.NOT_FOUND' | 'MESSAGE.NOT_FOUND'>> {
  const thread = await participantThread(deps.threads, caller, input.threadId);
  if (!thread) return fail('THREAD.NOT_FOUND');
  if (!(await deps.threads.messageExists(thread.id, input.upToMessageId))) return fail('MESSAGE.NOT_FOUND');
  const marker = await deps.threads.advanceReadMarker({ threadId: thread.id, userId: caller.userId, professionalId: thread.professionalId, messageId: input.upToMessageId, now: deps.now });
  if (!marker) throw new Error('read marker missing after advance');
  return ok({ marker, unreadCount: await deps.threads.unreadCount(thread.id, caller.userId) });
}
