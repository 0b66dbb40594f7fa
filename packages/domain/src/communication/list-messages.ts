import { fail, ok, type Result } from '../shared/result.ts';
import type { ThreadStore } from './ports.ts';
import type { Caller, ListedMessage } from './types.ts';
import { participantThread } from './messages.ts';

/** A thread's messages, newest first (keyset on created_at, id). */
export async function listMessages(
  deps: { threads: ThreadStore },
  caller: Caller,
  q: { threadId: string; after: { key: string; id: string } | null; limit: number },
): Promise<Result<ListedMessage[], 'THREAD.NOT_FOUND'>> {
  if (!(await participantThread(deps.threads, caller, q.threadId))) return fail('THREAD.NOT_FOUND');
  return ok(await deps.threads.listMessages(q));
}
