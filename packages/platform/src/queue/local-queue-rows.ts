import type { MessageEnvelope } from '@korevitta/domain';
import type { Database } from '@korevitta/db';

/** What every statement of the local queue needs: the namespace it plays and the Service Bus settings. */
export interface QueueScope {
  db: Database;
  namespace: string;
  maxDeliveryCount: number;
  duplicateDetectionWindowMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export interface ReceivedMessage {
  sequenceNumber: number;
  messageId: string;
  envelope: MessageEnvelope;
  lockToken: string;
  lockedUntil: Date;
  deliveryCount: number;
  enqueuedAt: Date;
  scheduledAt: Date | null;
}

export interface DeadLetteredMessage {
  sequenceNumber: number;
  messageId: string;
  envelope: MessageEnvelope;
  deliveryCount: number;
  reason: string;
  description: string | null;
  deadLetteredAt: Date;
  enqueuedAt: Date;
}

export type EnqueueResult = { accepted: true; sequenceNumber: number } | { accepted: false; reason: 'duplicate' };

export const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';

/** Settling with a lock that expired or was never held (Service Bus MessageLockLostError). */
export class MessageLockLostError extends Error {
  override name = 'MessageLockLostError';
  constructor(readonly lockToken: string) {
    super('the message lock was lost (expired, or the message was settled by another receiver)');
  }
}

export interface MessageRow {
  sequence_number: string | number;
  message_id: string;
  envelope: MessageEnvelope | string;
  lock_token: string;
  locked_until: string | Date;
  delivery_count: number;
  enqueued_at: string | Date;
  scheduled_at: string | Date | null;
}

export interface DeadRow {
  sequence_number: string | number;
  message_id: string;
  envelope: MessageEnvelope | string;
  delivery_count: number;
  dead_letter_reason: string;
  dead_letter_description: string | null;
  dead_lettered_at: string | Date;
  enqueued_at: string | Date;
}

// postgres.js hands back timestamps as text and int8 as text, PGlite as Date and number: read both alike.
const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));
const toEnvelope = (value: MessageEnvelope | string): MessageEnvelope =>
  (typeof value === 'string' ? JSON.parse(value) : value) as MessageEnvelope;
export const iso = (d: Date) => d.toISOString();

export function receivedMessageOf(r: MessageRow): ReceivedMessage {
  return {
    sequenceNumber: Number(r.sequence_number),
    messageId: r.message_id,
    envelope: toEnvelope(r.envelope),
    lockToken: r.lock_token,
    lockedUntil: toDate(r.locked_until),
    deliveryCount: r.delivery_count,
    enqueuedAt: toDate(r.enqueued_at),
    scheduledAt: r.scheduled_at === null ? null : toDate(r.scheduled_at),
  };
}

export function deadLetteredMessageOf(r: DeadRow): DeadLetteredMessage {
  return {
    sequenceNumber: Number(r.sequence_number),
    messageId: r.message_id,
    envelope: toEnvelope(r.envelope),
    deliveryCount: r.delivery_count,
    reason: r.dead_letter_reason,
    description: r.dead_letter_description,
    deadLetteredAt: toDate(r.dead_lettered_at),
    enqueuedAt: toDate(r.enqueued_at),
  };
}
