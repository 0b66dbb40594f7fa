/**
 * An asynchronous message (DESIGN.md §7). `messageId` is deterministic where duplicates must collapse;
 * `version` versions the payload schema of `type`.
 */
export type QueueName = 'critical' | 'default' | 'bulk';

export interface MessageEnvelope<P = unknown> {
  messageId: string;
  type: string;
  version: number;
  occurredAt: string;
  correlationId: string | null;
  payload: P;
}

/** What a use case asks the outbox to publish; the outbox adds the envelope fields. */
export interface OutboxEvent<P = unknown> {
  queue: QueueName;
  type: string;
  version: number;
  payload: P;
  /** Deterministic id when a duplicate must collapse; otherwise the outbox row id is used. */
  messageId?: string;
  /** Scheduled delivery (Service Bus ScheduledEnqueueTimeUtc). */
  deliverAt?: Date;
}

/** Port: appends events in the same transaction as the business change. */
export interface Outbox {
  append(event: OutboxEvent, meta: { professionalId: string | null; occurredAt: Date; correlationId: string | null }): Promise<void>;
}
