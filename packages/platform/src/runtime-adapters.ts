import type { Database } from '@korevitta/db';
import type { Config } from './config.ts';
import type { Logger } from './observability/logger.ts';
import type { Mailer } from './mail/port.ts';
import { createMailer } from './mail/create-mailer.ts';
import type { LocalMailbox } from './mail/local-mailbox.ts';
import { createQueueAdapter, type QueueAdapter } from './queue/create-queue.ts';

/** The queue the config names (Service Bus or the local queue). */
export async function buildQueue(config: Config, db: Database, clock: { now(): Date }): Promise<QueueAdapter> {
  return createQueueAdapter(config, db, clock);
}

/** The mailer the config names (SendGrid or the local mailbox). */
export async function buildMail(config: Config, log: Logger): Promise<{ mail: Mailer; mailbox: LocalMailbox | null }> {
  const { mailer, mailbox } = await createMailer(config, log);
  return { mail: mailer, mailbox };
}
