import { sql } from 'drizzle-orm';
import { firstRow, rowsOf, withSystemBypass, type Database, type Tx } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { QueueSender } from './sender.ts';

/**
 * A Postgres-backed queue with Service Bus semantics, for the local host and the tests (DESIGN.md §2):
 * duplicate detection on messageId, scheduled delivery, peek-lock with `FOR UPDATE SKIP LOCKED`,
 * DeliveryCount incremented on every lock, redelivery after abandon (with exponential backoff, which
 * Service Bus itself does not do) or lock expiry, and the dead-letter state with
 * `MaxDeliveryCountExceeded` once the count is spent. Every operation is one system transaction of
 * set-based SQL; time comes from the injected clock so tests can move it.
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

interface MessageRow {
  sequence_number: string | number;
  message_id: string;
  envelope: MessageEnvelope | string;
  lock_token: string;
  locked_until: string | Date;
  delivery_count: number;
  enqueued_at: string | Date;
  scheduled_at: string | Date | null;
}

interface DeadRow {
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
const iso = (d: Date) => d.toISOString();

export class LocalQueue implements QueueSender {
  readonly namespace: string;
  readonly maxDeliveryCount: number;
  readonly duplicateDetectionWindowMs: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  private readonly db: Database;
  private readonly clock: { now(): Date };

  constructor(options: LocalQueueOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.namespace = options.namespace ?? 'local';
    this.maxDeliveryCount = options.maxDeliveryCount ?? 10;
    this.duplicateDetectionWindowMs = options.duplicateDetectionWindowMs ?? 10 * 60_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
    this.backoffCapMs = options.backoffCapMs ?? 5 * 60_000;
    if (this.maxDeliveryCount < 1) throw new Error('maxDeliveryCount must be at least 1');
  }

  /** Delay before redelivery after the `deliveryCount`-th delivery was abandoned. */
  backoffMs(deliveryCount: number): number {
    return Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** Math.max(0, deliveryCount - 1));
  }

  async send(queue: QueueName, message: MessageEnvelope, options: { scheduledAt?: Date } = {}): Promise<void> {
    await this.enqueue(queue, message, options);
  }

  /**
   * Sends and says what happened: a messageId already seen on this queue within the duplicate-detection
   * window is dropped, as Service Bus does. A scheduled message gets a sequence number to cancel it by.
   */
  async enqueue(queue: QueueName, message: MessageEnvelope, options: { scheduledAt?: Date } = {}): Promise<EnqueueResult> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.duplicateDetectionWindowMs);
    const scheduledAt = options.scheduledAt && options.scheduledAt.getTime() > now.getTime() ? options.scheduledAt : null;
    const row = await withSystemBypass(this.db, 'local queue', async (tx) =>
      firstRow<{ sequence_number: string | number }>(await tx.execute(sql`
        with fresh as (
          insert into local_queue_duplicates (namespace, queue, message_id, first_seen_at)
          values (${this.namespace}, ${queue}, ${message.messageId}, ${iso(now)}::timestamptz)
          on conflict (namespace, queue, message_id) do update set first_seen_at = excluded.first_seen_at
            where local_queue_duplicates.first_seen_at <= ${iso(cutoff)}::timestamptz
          returning 1
        )
        insert into local_queue_messages (namespace, queue, message_id, envelope, enqueued_at, scheduled_at, available_at, created_at, updated_at)
        select ${this.namespace}, ${queue}, ${message.messageId}, ${JSON.stringify(message)}::jsonb, ${iso(now)}::timestamptz,
          ${scheduledAt ? iso(scheduledAt) : null}::timestamptz, ${iso(scheduledAt ?? now)}::timestamptz,
          ${iso(now)}::timestamptz, ${iso(now)}::timestamptz
        from fresh
        returning sequence_number`)),
    );
    return row ? { accepted: true, sequenceNumber: Number(row.sequence_number) } : { accepted: false, reason: 'duplicate' };
  }

  /**
   * Peek-lock: locks up to `max` due messages, oldest first, skipping rows another receiver holds.
   * Messages whose delivery count is spent and whose last lock expired go to the dead-letter state first.
   */
  async receive(queue: QueueName, options: { max?: number; lockMs?: number } = {}): Promise<ReceivedMessage[]> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + (options.lockMs ?? 60_000));
    const max = options.max ?? 10;
    const rows = await withSystemBypass(this.db, 'local queue', async (tx) => {
      await tx.execute(sql`
        update local_queue_messages set state = 'dead_lettered', dead_letter_reason = ${MAX_DELIVERY_COUNT_EXCEEDED},
          dead_letter_description = ${`lock expired on delivery ${this.maxDeliveryCount} of ${this.maxDeliveryCount}`},
          dead_lettered_at = ${iso(now)}::timestamptz, lock_token = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
        where sequence_number in (
          select sequence_number from local_queue_messages
          where namespace = ${this.namespace} and queue = ${queue} and state = 'active'
            and available_at <= ${iso(now)}::timestamptz and delivery_count >= ${this.maxDeliveryCount}
          for update skip locked)`);
      return rowsOf<MessageRow>(await tx.execute(sql`
        with due as (
          select sequence_number from local_queue_messages
          where namespace = ${this.namespace} and queue = ${queue} and state = 'active'
            and available_at <= ${iso(now)}::timestamptz and delivery_count < ${this.maxDeliveryCount}
          order by sequence_number
          limit ${max}
          for update skip locked
        )
        update local_queue_messages m set delivery_count = m.delivery_count + 1, lock_token = gen_random_uuid(),
          locked_until = ${iso(lockedUntil)}::timestamptz, available_at = ${iso(lockedUntil)}::timestamptz,
          updated_at = ${iso(now)}::timestamptz
        from due where m.sequence_number = due.sequence_number
        returning m.sequence_number, m.message_id, m.envelope, m.lock_token, m.locked_until, m.delivery_count,
          m.enqueued_at, m.scheduled_at`));
    });
    return rows
      .map((r) => ({
        sequenceNumber: Number(r.sequence_number),
        messageId: r.message_id,
        envelope: toEnvelope(r.envelope),
        lockToken: r.lock_token,
        lockedUntil: toDate(r.locked_until),
        deliveryCount: r.delivery_count,
        enqueuedAt: toDate(r.enqueued_at),
        scheduledAt: r.scheduled_at === null ? null : toDate(r.scheduled_at),
      }))
      .sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }

  /** Removes a message whose lock is still held; a lost lock throws (the message will be redelivered). */
  async complete(lockToken: string): Promise<void> {
    const now = this.clock.now();
    await this.settle(lockToken, (tx) => tx.execute(sql`
      delete from local_queue_messages
      where lock_token = ${lockToken} and state = 'active' and locked_until > ${iso(now)}::timestamptz
      returning sequence_number`));
  }

  /**
   * Releases the lock. The message comes back after the backoff of its delivery count, or goes to the
   * dead-letter state with `MaxDeliveryCountExceeded` if that was its last delivery.
   */
  async abandon(lockToken: string): Promise<{ deadLettered: boolean }> {
    const now = this.clock.now();
    const max = this.maxDeliveryCount;
    const row = await this.settle<{ state: string }>(lockToken, (tx) => tx.execute(sql`
      update local_queue_messages set
        state = case when delivery_count >= ${max} then 'dead_lettered' else 'active' end,
        dead_letter_reason = case when delivery_count >= ${max} then ${MAX_DELIVERY_COUNT_EXCEEDED} end,
        dead_letter_description = case when delivery_count >= ${max} then 'abandoned on delivery ' || delivery_count || ' of ' || ${max}::int end,
        dead_lettered_at = case when delivery_count >= ${max} then ${iso(now)}::timestamptz end,
        available_at = ${iso(now)}::timestamptz
          + make_interval(secs => least(${this.backoffCapMs}::float8, ${this.backoffBaseMs}::float8 * power(2, greatest(delivery_count - 1, 0))) / 1000.0),
        lock_token = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
      where lock_token = ${lockToken} and state = 'active' and locked_until > ${iso(now)}::timestamptz
      returning state`));
    return { deadLettered: row.state === 'dead_lettered' };
  }

  /** App-level dead-letter (a poison message): at once, whatever its delivery count. */
  async deadLetter(lockToken: string, details: { reason: string; description?: string | null }): Promise<void> {
    const now = this.clock.now();
    await this.settle(lockToken, (tx) => tx.execute(sql`
      update local_queue_messages set state = 'dead_lettered', dead_letter_reason = ${details.reason},
        dead_letter_description = ${details.description ?? null}, dead_lettered_at = ${iso(now)}::timestamptz,
        lock_token = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
      where lock_token = ${lockToken} and state = 'active' and locked_until > ${iso(now)}::timestamptz
      returning sequence_number`));
  }

  /**
   * Cancels a scheduled message that has not been activated yet. Returns false when the cancel lost the
   * race (already activated or delivered): the consumer must then be idempotent or check the plan version.
   */
  async cancelScheduled(sequenceNumber: number): Promise<boolean> {
    const now = this.clock.now();
    const rows = await withSystemBypass(this.db, 'local queue', async (tx) => rowsOf(await tx.execute(sql`
      delete from local_queue_messages
      where sequence_number = ${sequenceNumber} and namespace = ${this.namespace} and state = 'active'
        and scheduled_at is not null and scheduled_at > ${iso(now)}::timestamptz and delivery_count = 0
      returning sequence_number`)));
    return rows.length > 0;
  }

  async peekDeadLetters(queue: QueueName, options: { max?: number } = {}): Promise<DeadLetteredMessage[]> {
    const rows = await withSystemBypass(this.db, 'local queue', async (tx) => rowsOf<DeadRow>(await tx.execute(sql`
      select sequence_number, message_id, envelope, delivery_count, dead_letter_reason, dead_letter_description,
        dead_lettered_at, enqueued_at
      from local_queue_messages
      where namespace = ${this.namespace} and queue = ${queue} and state = 'dead_lettered'
      order by sequence_number
      limit ${options.max ?? 100}`)));
    return rows.map((r) => ({
      sequenceNumber: Number(r.sequence_number),
      messageId: r.message_id,
      envelope: toEnvelope(r.envelope),
      deliveryCount: r.delivery_count,
      reason: r.dead_letter_reason,
      description: r.dead_letter_description,
      deadLetteredAt: toDate(r.dead_lettered_at),
      enqueuedAt: toDate(r.enqueued_at),
    }));
  }

  /**
   * The replay tool: moves a dead-lettered message back to its queue as a new message (new sequence
   * number, delivery count 0, same messageId and envelope, so consumer inboxes still recognise it).
   * An operator's replay bypasses duplicate detection. Returns the new sequence number, or null.
   */
  async resubmitDeadLetter(sequenceNumber: number): Promise<number | null> {
    const now = this.clock.now();
    const row = await withSystemBypass(this.db, 'local queue', async (tx) => firstRow<{ sequence_number: string | number }>(await tx.execute(sql`
      with dead as (
        delete from local_queue_messages
        where sequence_number = ${sequenceNumber} and namespace = ${this.namespace} and state = 'dead_lettered'
        returning namespace, queue, message_id, envelope
      )
      insert into local_queue_messages (namespace, queue, message_id, envelope, enqueued_at, available_at, created_at, updated_at)
      select namespace, queue, message_id, envelope, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz,
        ${iso(now)}::timestamptz, ${iso(now)}::timestamptz
      from dead
      returning sequence_number`)));
    return row ? Number(row.sequence_number) : null;
  }

  /** Active messages (locked ones included, scheduled ones not yet activated excluded): readiness and metrics. */
  async depth(queue: QueueName): Promise<number> {
    const now = this.clock.now();
    return this.count(sql`
      select count(*)::int as n from local_queue_messages
      where namespace = ${this.namespace} and queue = ${queue} and state = 'active'
        and coalesce(scheduled_at, enqueued_at) <= ${iso(now)}::timestamptz`);
  }

  /** Dead-lettered messages: the DLQ-depth alert reads this. */
  async deadLetterDepth(queue: QueueName): Promise<number> {
    return this.count(sql`
      select count(*)::int as n from local_queue_messages
      where namespace = ${this.namespace} and queue = ${queue} and state = 'dead_lettered'`);
  }

  /** Forgets duplicate-detection history older than the window (the worker calls it now and then). */
  async pruneDuplicateHistory(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.duplicateDetectionWindowMs);
    return withSystemBypass(this.db, 'local queue', async (tx) => rowsOf(await tx.execute(sql`
      delete from local_queue_duplicates where namespace = ${this.namespace} and first_seen_at <= ${iso(cutoff)}::timestamptz
      returning 1`)).length);
  }

  /** Readiness: the queue tables answer. */
  async probe(): Promise<void> {
    await this.depth('critical');
  }

  async close(): Promise<void> {
    // Nothing to release: the queue shares the runtime's database, which its owner closes.
  }

  private async count(query: ReturnType<typeof sql>): Promise<number> {
    const row = await withSystemBypass(this.db, 'local queue', async (tx) => firstRow<{ n: number }>(await tx.execute(query)));
    return row?.n ?? 0;
  }

  private async settle<T = unknown>(lockToken: string, statement: (tx: Tx) => Promise<unknown>): Promise<T> {
    const row = await withSystemBypass(this.db, 'local queue', async (tx) => firstRow<T>(await statement(tx)));
    if (row === undefined) throw new MessageLockLostError(lockToken);
    return row;
  }
}
