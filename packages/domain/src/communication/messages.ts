import type { ThreadStore } from './ports.ts';
import { isParticipant } from './rules.ts';
import type { Caller, Thread } from './types.ts';

/** Event on the `default` queue (ids only: no body leaves the database); its consumer may e-mail the recipient. */
export const MESSAGE_POSTED = 'communication.message_posted';

export interface MessagePostedV1 { threadId: string; messageId: string }

export async function participantThread(threads: ThreadStore, caller: Caller, threadId: string): Promise<Thread | null> {
  const thread = await threads.findThread(threadId);
  return thread && isParticipant(caller, thread) ? thread : null;
}
