import type { Database } from '@korevitta/db';
import type { Config } from '../config.ts';
import type { QueueSender } from './sender.ts';
import { LocalQueue } from './local-queue.ts';

export interface QueueAdapter {
  queue: QueueSender;
  probe(): Promise<void>;
  /** The local queue when QUEUE_DRIVER=local (the local host starts a worker over it), else null. */
  local: LocalQueue | null;
}

/**
 * The queue the config names: Service Bus in Azure, the Postgres-backed local queue elsewhere. The Service
 * Bus SDK (and @azure/identity) load only when named: locally they would cost a second of start-up.
 */
export async function createQueueAdapter(config: Config, db: Database, clock: { now(): Date }): Promise<QueueAdapter> {
  if (config.queue.driver === 'servicebus') {
    const { ServiceBusQueueSender } = await import('./service-bus-sender.ts');
    const sb = ServiceBusQueueSender.fromConfig(config);
    return { queue: sb, probe: () => sb.probe(), local: null };
  }
  const local = new LocalQueue({ db, clock });
  return { queue: local, probe: () => local.probe(), local };
}
