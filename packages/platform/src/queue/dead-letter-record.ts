import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { firstRow, rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { QueueSender } from './sender.ts';

/**
 * App-level dead letters on the Azure path. The Functions v4 Node Service Bus trigger hands the handler a
 * decoded body, not a settlement handle, so it cannot dead-letter a message itself (that needs
 * @azure/functions-extensions-servicebus with `sdkBinding`, a preview package we do not ship). A poison
 * message is therefore logged, written here, and completed by returning normally; `resubmitDeadLetterRecord`
 * is the replay tool for these records, as `LocalQueue.resubmitDeadLetter` is for the local queue.
 */
export interface DeadLetterRecord {
  id: string;
  queue: QueueName;
  messageId: string;
  body: unknown;
  reason: string;
  description: string | null;
  deliveryCount: number;
  deadLetteredAt: Date;
}

export async function recordDeadLetter(db: Database, record: Omit<DeadLetterRecord, 'id'>): Promise<string> {
  const id = uuidv7();
  const at = record.deadLetteredAt.toISOString();
  await withSystemBypass(db, 'record dead letter', (tx) => tx.execute(sql`
    insert into dead_letter_records (id, queue, message_id, body, reason, description, delivery_count, dead_lettered_at, created_at, updated_at)
    values (${id}, ${record.queue}, ${record.messageId}, ${JSON.stringify(record.body ?? null)}::jsonb, ${record.reason},
      ${record.description}, ${record.deliveryCount}, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz)`));
  return id;
}

export async function listDeadLetterRecords(db: Database, queue: QueueName, max = 100): Promise<DeadLetterRecord[]> {
  const rows = await withSystemBypass(db, 'list dead letters', async (tx) => rowsOf<{
    id: string; queue: QueueName; message_id: string; body: unknown; reason: string; description: string | null;
    delivery_count: number; dead_lettered_at: string | Date;
  }>(await tx.execute(sql`
    select id, queue, message_id, body, reason, description, delivery_count, dead_lettered_at from dead_letter_records
    where queue = ${queue} and resubmitted_at is null order by dead_lettered_at, id limit ${max}`)));
  return rows.map((r) => ({
    id: r.id, queue: r.queue, messageId: r.message_id, body: r.body, reason: r.reason, description: r.description,
    deliveryCount: r.delivery_count, deadLetteredAt: new Date(r.dead_lettered_at),
  }));
}

/**
 * Sends a recorded body again (after the consumer or the producer was fixed) and marks the record. The
 * body must be a message envelope by now; anything else stays recorded and the call says so.
 */
export async function resubmitDeadLetterRecord(args: { db: Database; sender: QueueSender; id: string; now: Date }): Promise<boolean> {
  const row = await withSystemBypass(args.db, 'read dead letter', async (tx) => firstRow<{ queue: QueueName; body: unknown }>(await tx.execute(sql`
    select queue, body from dead_letter_records where id = ${args.id} and resubmitted_at is null`)));
  if (!row || !isEnvelope(row.body)) return false;
  await args.sender.send(row.queue, row.body);
  await withSystemBypass(args.db, 'mark dead letter resubmitted', (tx) => tx.execute(sql`
    update dead_letter_records set resubmitted_at = ${args.now.toISOString()}::timestamptz, updated_at = ${args.now.toISOString()}::timestamptz
    where id = ${args.id}`));
  return true;
}

function isEnvelope(body: unknown): body is MessageEnvelope {
  if (body === null || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return typeof b.messageId === 'string' && typeof b.type === 'string' && typeof b.version === 'number';
}
