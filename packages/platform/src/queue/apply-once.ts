import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@korevitta/db';

/**
 * The consumer inbox: records (consumer, messageId) in the caller's transaction and says whether this is
 * the first time. Call it in the same system transaction as the effect, and apply the effect only when it
 * returns true: a redelivered or duplicated message then changes nothing (TEST-CATALOG 34).
 */
export async function applyOnce(tx: Tx, consumer: string, messageId: string): Promise<boolean> {
  const rows = rowsOf(await tx.execute(sql`
    insert into processed_messages (consumer, message_id) values (${consumer}, ${messageId})
    on conflict (consumer, message_id) do nothing
    returning 1`));
  return rows.length === 1;
}
