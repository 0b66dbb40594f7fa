import { sql } from 'drizzle-orm';
import { firstRow, rowsOf, withSystemBypass, type Tx } from '@korevitta/db';
import { MAX_DELIVERY_COUNT_EXCEEDED, MessageLockLostError, iso, type QueueScope } from './local-queue-rows.ts';

/**
 * Settling a claimed message, the local queue's exit side. Each settle acts only while the lock is held;
 * a lost lock throws MessageLockLostError (the message will be redelivered), as Service Bus does.
 */
async function settle<T = unknown>(q: QueueScope, lockToken: string, statement: (tx: Tx) => Promise<unknown>): Promise<T> {
  const row = await withSystemBypass(q.db, 'local queue', async (tx) => firstRow<T>(await statement(tx)));
  if (row === undefined) throw new MessageLockLostError(lockToken);
  return row;
}

/** Removes a message whose lock is still held. */
export async function completeMessage(q: QueueScope, now: Date, lockToken: string): Promise<void> {
  await settle(q, lockToken, (tx) => tx.execute(sql`
    delete from local_queue_messages
    where lock_token = ${lockToken} and state = 'active' and locked_until > ${iso(now)}::timestamptz
    returning sequence_number`));
}

/**
 * Releases the lock. The message comes back after the backoff of its delivery count, or goes to the
 * dead-letter state with `MaxDeliveryCountExceeded` if that was its last delivery.
 */
export async function abandonMessage(q: QueueScope, now: Date, lockToken: string): Promise<{ deadLettered: boolean }> {
  const max = q.maxDeliveryCount;
  const row = await settle<{ state: string }>(q, lockToken, (tx) => tx.execute(sql`
    update local_queue_messages set
      state = case when delivery_count >= ${max} then 'dead_lettered' else 'active' end,
      dead_letter_reason = case when delivery_count >= ${max} then ${MAX_DELIVERY_COUNT_EXCEEDED} end,
      dead_letter_description = case when delivery_count >= ${max} then 'abandoned on delivery ' || delivery_count || ' of ' || ${max}::int end,
      dead_lettered_at = case when delivery_count >= ${max} then ${iso(now)}::timestamptz end,
      available_at = ${iso(now)}::timestamptz
        + make_interval(secs => least(${q.backoffCapMs}::float8, ${q.backoffBaseMs}::float8 * power(2, greatest(delivery_count - 1, 0))) / 1000.0),
      lock_token = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
    where lock_token = ${lockToken} and state = 'active' and locked_until > ${iso(now)}::timestamptz
    returning state`));
  return { deadLettered: row.state === 'dead_lettered' };
}

/** App-level dead-letter (a poison message): at once, whatever its delivery count. */
export async function deadLetterMessage(q: QueueScope, now: Date, lockToken: string, details: { reason: string; description?: string | null }): Promise<void> {
  await settle(q, lockToken, (tx) => tx.execute(sql`
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
export async function cancelScheduledMessage(q: QueueScope, now: Date, sequenceNumber: number): Promise<boolean> {
  const rows = await withSystemBypass(q.db, 'local queue', async (tx) => rowsOf(await tx.execute(sql`
    delete from local_queue_messages
    where sequence_number = ${sequenceNumber} and namespace = ${q.namespace} and state = 'active'
      and scheduled_at is not null and scheduled_at > ${iso(now)}::timestamptz and delivery_count = 0
    returning sequence_number`)));
  return rows.length > 0;
}
