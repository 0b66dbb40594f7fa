import { sql } from 'drizzle-orm';
import { firstRow, rowsOf, withSystemBypass } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import { MAX_DELIVERY_COUNT_EXCEEDED, iso, receivedMessageOf, type EnqueueResult, type MessageRow, type QueueScope, type ReceivedMessage } from './local-queue-rows.ts';

/**
 * Sending and claiming, the local queue's entry side. A messageId already seen on the queue within the
 * duplicate-detection window is dropped, as Service Bus does; a scheduled message gets a sequence number
 * to cancel it by.
 */
export async function enqueueMessage(q: QueueScope, now: Date, queue: QueueName, message: MessageEnvelope, scheduledFor?: Date): Promise<EnqueueResult> {
  const cutoff = new Date(now.getTime() - q.duplicateDetectionWindowMs);
  const scheduledAt = scheduledFor && scheduledFor.getTime() > now.getTime() ? scheduledFor : null;
  const row = await withSystemBypass(q.db, 'local queue', async (tx) =>
    firstRow<{ sequence_number: string | number }>(await tx.execute(sql`
      with fresh as (
        insert into local_queue_duplicates (namespace, queue, message_id, first_seen_at)
        values (${q.namespace}, ${queue}, ${message.messageId}, ${iso(now)}::timestamptz)
        on conflict (namespace, queue, message_id) do update set first_seen_at = excluded.first_seen_at
          where local_queue_duplicates.first_seen_at <= ${iso(cutoff)}::timestamptz
        returning 1
      )
      insert into local_queue_messages (namespace, queue, message_id, envelope, enqueued_at, scheduled_at, available_at, created_at, updated_at)
      select ${q.namespace}, ${queue}, ${message.messageId}, ${JSON.stringify(message)}::jsonb, ${iso(now)}::timestamptz,
        ${scheduledAt ? iso(scheduledAt) : null}::timestamptz, ${iso(scheduledAt ?? now)}::timestamptz,
        ${iso(now)}::timestamptz, ${iso(now)}::timestamptz
      from fresh
      returning sequence_number`)),
  );
  return row ? { accepted: true, sequenceNumber: Number(row.sequence_number) } : { accepted: false, reason: 'duplicate' };
}

/**
 * Peek-lock: locks up to `max` due messages, oldest first, skipping rows another receiver holds, and
 * counts the delivery. Messages whose delivery count is spent and whose last lock expired go to the
 * dead-letter state first (`MaxDeliveryCountExceeded`).
 */
export async function claimMessages(q: QueueScope, now: Date, queue: QueueName, max: number, lockMs: number): Promise<ReceivedMessage[]> {
  const lockedUntil = new Date(now.getTime() + lockMs);
  const rows = await withSystemBypass(q.db, 'local queue', async (tx) => {
    await tx.execute(sql`
      update local_queue_messages set state = 'dead_lettered', dead_letter_reason = ${MAX_DELIVERY_COUNT_EXCEEDED},
        dead_letter_description = ${`lock expired on delivery ${q.maxDeliveryCount} of ${q.maxDeliveryCount}`},
        dead_lettered_at = ${iso(now)}::timestamptz, lock_token = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
      where sequence_number in (
        select sequence_number from local_queue_messages
        where namespace = ${q.namespace} and queue = ${queue} and state = 'active'
          and available_at <= ${iso(now)}::timestamptz and delivery_count >= ${q.maxDeliveryCount}
        for update skip locked)`);
    return rowsOf<MessageRow>(await tx.execute(sql`
      with due as (
        select sequence_number from local_queue_messages
        where namespace = ${q.namespace} and queue = ${queue} and state = 'active'
          and available_at <= ${iso(now)}::timestamptz and delivery_count < ${q.maxDeliveryCount}
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
  return rows.map(receivedMessageOf).sort((a, b) => a.sequenceNumber - b.sequenceNumber);
}
