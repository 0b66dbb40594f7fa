import type { Database } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { QueueSender } from './sender.ts';
import type { DeadLetteredMessage, EnqueueResult, QueueScope, ReceivedMessage } from './local-queue-rows.ts';
import { claimMessages, enqueueMessage } from './local-queue-claim.ts';
import { abandonMessage, cancelScheduledMessage, completeMessage, deadLetterMessage } from './local-queue-settle.ts';
import { activeDepth, deadLetteredDepth, peekDeadLetteredMessages, pruneDuplicates, resubmitDeadLetteredMessage } from './local-queue-dead-letters.ts';

export { MAX_DELIVERY_COUNT_EXCEEDED, MessageLockLostError } from './local-queue-rows.ts';
export type { DeadLetteredMessage, EnqueueResult, ReceivedMessage } from './local-queue-rows.ts';

/**
 * A Postgres-backed queue with Service Bus semantics, for the local host and the tests (DESIGN.md §2):
 * duplicate detection on messageId, scheduled delivery, peek-lock with `FOR UPDATE SKIP LOCKED`,
 * DeliveryCount incremented on every lock, redelivery after abandon (with exponential backoff, which
 * Service Bus itself does not do) or lock expiry, and the dead-letter state with
 * `MaxDeliveryCountExceeded` once the count is spent. Every operation is one system transaction of
 * set-based SQL; time comes from the injected clock so tests can move it.
 *
 * The statements live by seam: sending and claiming (local-queue-claim.ts), settling
 * (local-queue-settle.ts), and the operator's dead-letter side (local-queue-dead-letters.ts).
 */
export interface LocalQueueOptions {
  db: Database;
  clock: { now(): Date };
  /** Plays the part of a Service Bus namespace: two namespaces never share messages. Default `local`. */
  namespace?: string;
  /** Service Bus default: 10. */
  maxDeliveryCount?: number;
  /** Service Bus default: 10 minutes. */
  duplicateDetectionWindowMs?: number;
  /** Delay before the first redelivery after an abandon; doubles each time up to the cap. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export class LocalQueue implements QueueSender {
  readonly namespace: string;
  readonly maxDeliveryCount: number;
  readonly duplicateDetectionWindowMs: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  private readonly scope: QueueScope;
  private readonly clock: { now(): Date };

  constructor(options: LocalQueueOptions) {
    this.clock = options.clock;
    this.namespace = options.namespace ?? 'local';
    this.maxDeliveryCount = options.maxDeliveryCount ?? 10;
    this.duplicateDetectionWindowMs = options.duplicateDetectionWindowMs ?? 10 * 60_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
    this.backoffCapMs = options.backoffCapMs ?? 5 * 60_000;
    if (this.maxDeliveryCount < 1) throw new Error('maxDeliveryCount must be at least 1');
    this.scope = {
      db: options.db, namespace: this.namespace, maxDeliveryCount: this.maxDeliveryCount,
      duplicateDetectionWindowMs: this.duplicateDetectionWindowMs, backoffBaseMs: this.backoffBaseMs, backoffCapMs: this.backoffCapMs,
    };
  }

  /** Delay before redelivery after the `deliveryCount`-th delivery was abandoned. */
  backoffMs(deliveryCount: number): number {
    return Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** Math.max(0, deliveryCount - 1));
  }

  async send(queue: QueueName, message: MessageEnvelope, options: { scheduledAt?: Date } = {}): Promise<void> {
    await this.enqueue(queue, message, options);
  }

  /** Sends and says what happened (a duplicate within the detection window is dropped). */
  enqueue(queue: QueueName, message: MessageEnvelope, options: { scheduledAt?: Date } = {}): Promise<EnqueueResult> {
    return enqueueMessage(this.scope, this.clock.now(), queue, message, options.scheduledAt);
  }

  /** Peek-lock up to `max` due messages (default 10) for `lockMs` (default 60 s). */
  receive(queue: QueueName, options: { max?: number; lockMs?: number } = {}): Promise<ReceivedMessage[]> {
    return claimMessages(this.scope, this.clock.now(), queue, options.max ?? 10, options.lockMs ?? 60_000);
  }

  complete(lockToken: string): Promise<void> {
    return completeMessage(this.scope, this.clock.now(), lockToken);
  }

  abandon(lockToken: string): Promise<{ deadLettered: boolean }> {
    return abandonMessage(this.scope, this.clock.now(), lockToken);
  }

  deadLetter(lockToken: string, details: { reason: string; description?: string | null }): Promise<void> {
    return deadLetterMessage(this.scope, this.clock.now(), lockToken, details);
  }

  cancelScheduled(sequenceNumber: number): Promise<boolean> {
    return cancelScheduledMessage(this.scope, this.clock.now(), sequenceNumber);
  }

  peekDeadLetters(queue: QueueName, options: { max?: number } = {}): Promise<DeadLetteredMessage[]> {
    return peekDeadLetteredMessages(this.scope, queue, options.max ?? 100);
  }

  resubmitDeadLetter(sequenceNumber: number): Promise<number | null> {
    return resubmitDeadLetteredMessage(this.scope, this.clock.now(), sequenceNumber);
  }

  depth(queue: QueueName): Promise<number> {
    return activeDepth(this.scope, this.clock.now(), queue);
  }

  deadLetterDepth(queue: QueueName): Promise<number> {
    return deadLetteredDepth(this.scope, queue);
  }

  pruneDuplicateHistory(): Promise<number> {
    return pruneDuplicates(this.scope, this.clock.now());
  }

  /** Readiness: the queue tables answer. */
  async probe(): Promise<void> {
    await this.depth('critical');
  }

  async close(): Promise<void> {
    // Nothing to release: the queue shares the runtime's database, which its owner closes.
  }
}
