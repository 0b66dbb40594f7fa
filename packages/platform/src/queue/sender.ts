import type { MessageEnvelope, QueueName } from '@korevitta/domain';

/** Sending side of a queue (Service Bus in Azure, the Postgres-backed local queue elsewhere). */
export interface QueueSender {
  /** `scheduledAt` delays delivery (Service Bus ScheduledEnqueueTimeUtc). */
  send(queue: QueueName, message: MessageEnvelope, options?: { scheduledAt?: Date }): Promise<void>;
  close(): Promise<void>;
}
