import { sql } from 'drizzle-orm';
import { firstRow, rowsOf, withSystemBypass } from '@korevitta/db';
import type { QueueName } from '@korevitta/domain';
import { deadLetteredMessageOf, iso, type DeadLetteredMessage, type DeadRow, type QueueScope } from './local-queue-rows.ts';

/** The operator's side of the local queue: the dead-letter queue, its replay, depths and housekeeping. */
export async function peekDeadLetteredMessages(q: QueueScope, queue: QueueName, max: number): Promise<DeadLetteredMessage[]> {
  const rows = await withSystemBypass(q.db, 'local queue', async (tx) => rowsOf<DeadRow>(await tx.execute(sql`
    select sequence_number, message_id, envelope, delivery_count, dead_letter_reason, dead_letter_description,
      dead_lettered_at, enqueued_at
    from local_queue_messages
    where namespace = ${q.namespace} and queue = ${queue} and state = 'dead_lettered'
    order by sequence_number
    limit ${max}`)));
  return rows.map(deadLetteredMessageOf);
}

/**
 * The replay tool: moves a dead-lettered message back to its queue as a new message (new sequence
 * number, delivery count 0, same messageId and envelope, so consumer inboxes still recognise it).
 * An operator's replay bypasses duplicate detection. Returns the new sequence number, or null.
 */
export async function resubmitDeadLetteredMessage(q: QueueScope, now: Date, sequenceNumber: number): Promise<number | null> {
  const row = await withSystemBypass(q.db, 'local queue', async (tx) => firstRow<{ sequence_number: string | number }>(await tx.execute(sql`
    with dead as (
      delete from local_queue_messages
      where sequence_number = ${sequenceNumber} and namespace = ${q.namespace} and state = 'dead_lettered'
      returning namespace, queue, message_id, envelope
    )
    insert into local_queue_messages (namespace, queue, message_id, envelope, enqueued_at, available_at, created_at, updated_at)
    select namespace, queue, message_id, envelope, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz,
      ${iso(now)}::timestamptz, ${iso(now)}::timestamptz
    from dead
    returning sequence_number`)));
  return row ? Number(row.sequence_number) : null;
}

async function count(q: QueueScope, query: ReturnType<typeof sql>): Promise<number> {
  const row = await withSystemBypass(q.db, 'local queue', async (tx) => firstRow<{ n: number }>(await tx.execute(query)));
  return row?.n ?? 0;
}

/** Active messages (locked ones included, scheduled ones not yet activated excluded): readiness and metrics. */
export function activeDepth(q: QueueScope, now: Date, queue: QueueName): Promise<number> {
  return count(q, sql`
    select count(*)::int as n from local_queue_messages
    where namespace = ${q.namespace} and queue = ${queue} and state = 'active'
      and coalesce(scheduled_at, enqueued_at) <= ${iso(now)}::timestamptz`);
}

/** Dead-lettered messages: the DLQ-depth alert reads this. */
export function deadLetteredDepth(q: QueueScope, queue: QueueName): Promise<number> {
  return count(q, sql`
    select count(*)::int as n from local_queue_messages
    where namespace = ${q.namespace} and queue = ${queue} and state = 'dead_lettered'`);
}

/** Forgets duplicate-detection history older than the window (the worker calls it now and then). */
export async function pruneDuplicates(q: QueueScope, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - q.duplicateDetectionWindowMs);
  return withSystemBypass(q.db, 'local queue', async (tx) => rowsOf(await tx.execute(sql`
    delete from local_queue_duplicates where namespace = ${q.namespace} and first_seen_at <= ${iso(cutoff)}::timestamptz
    returning 1`)).length);
}
