import { fail, ok, type Result } from '../shared/result.ts';
import type { ThreadStore } from './ports.ts';
import type { Caller, ReadMarker } from './types.ts';
import { participantThread } from './messages.ts';

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
