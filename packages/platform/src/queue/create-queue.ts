import type { Database } from '@korevitta/db';
import type { Config } from '../config.ts';
import type { QueueSender } from './sender.ts';
import { LocalQueue } from './local-queue.ts';
import { ServiceBusQueueSender } from './service-bus-sender.ts';

export interface QueueAdapter {
  queue: QueueSender;
  probe(): Promise<void>;
  /** The local queue when QUEUE_DRIVER=local (the local host starts a worker over it), else null. */
  local: LocalQueue | null;
}

/** The queue the config names: Service Bus in Azure, the Postgres-backed local queue elsewhere. */
export function createQueueAdapter(config: Config, db: Database, clock: { now(): Date }): QueueAdapter {
  if (config.queue.driver === 'servicebus') {
    const sb = ServiceBusQueueSender.fromConfig(config);
    return { queue: sb, probe: () => sb.probe(), local: null };
  }
  const local = new LocalQueue({ db, clock });
  return { queue: local, probe: () => local.probe(), local };
}
