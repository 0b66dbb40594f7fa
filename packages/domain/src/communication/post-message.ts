import { fail, invalid, ok, type Result } from '../shared/result.ts';
import type { CommunicationDeps } from './ports.ts';
import { normalizeMessageBody } from './rules.ts';
import type { Caller, Message } from './types.ts';
import { MESSAGE_POSTED, type MessagePostedV1, participantThread } from './messages.ts';

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
