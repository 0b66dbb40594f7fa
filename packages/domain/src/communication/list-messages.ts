import { fail, ok, type Result } from '../shared/result.ts';
import type { ThreadStore } from './ports.ts';
import type { Caller, ListedMessage } from './types.ts';
import { participantThread } from './messages.ts';

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
