import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { affectedRows } from './rows.ts';
import { sqlInstant } from './sql-values.ts';
import { withSystemBypass } from './tenant.ts';

const DAY_MS = 86_400_000;

/**
 * How long the transport tables keep what they no longer need (LGPD Art. 15/16: data is kept only while its
 * purpose lasts). Stored idempotent responses can carry health data (a submitted check-in's answers, a message):
 * they go as soon as their key expires (24 h). Published outbox rows are kept a week for diagnosis; consumer inbox
 * entries two weeks, longer than any redelivery (Service Bus duplicate detection: 10 minutes; queue TTL: 14 days
 * at most), so a late duplicate is still recognised.
 */
export const RETENTION = { publishedOutboxDays: 7, processedMessagesDays: 14 } as const;

export interface PurgeResult { idempotencyKeys: number; publishedOutbox: number; processedMessages: number }

/** Deletes in bounded batches (short transactions, no long lock on a busy table) until nothing is left. */
async function purge(db: Database, table: string, condition: SQL, batchSize: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i += 1) {
    const n = await withSystemBypass(db, `job: retention purge ${table}`, async (tx) => affectedRows(await tx.execute(sql`
      delete from ${sql.identifier(table)} where ctid = any(array(select ctid from ${sql.identifier(table)} where ${condition} limit ${batchSize}))`)));
    total += n;
    if (n < batchSize) break;
  }
  return total;
}

/** The `retention-purge` job: set-based, idempotent, safe to overlap (a row deleted twice is deleted once). */
export async function purgeExpired(db: Database, input: {
  now: Date;
  batchSize?: number;
  maxBatches?: number;
  /** Restricts the purge (tests that must own their rows in a shared database). */
  only?: { professionalIds: readonly string[]; consumers: readonly string[] };
}): Promise<PurgeResult> {
  const batch = input.batchSize ?? 5000;
  const max = input.maxBatches ?? 200;
  const now = input.now.getTime();
  const tenants = input.only ? sql` and professional_id in ${input.only.professionalIds}` : sql``;
  const consumers = input.only ? sql` and consumer in ${input.only.consumers}` : sql``;
  return {
    idempotencyKeys: await purge(db, 'idempotency_keys', sql`expires_at <= ${sqlInstant(now)}${tenants}`, batch, max),
    publishedOutbox: await purge(db, 'event_outbox', sql`published_at <= ${sqlInstant(now - RETENTION.publishedOutboxDays * DAY_MS)}${tenants}`, batch, max),
    processedMessages: await purge(db, 'processed_messages', sql`processed_at <= ${sqlInstant(now - RETENTION.processedMessagesDays * DAY_MS)}${consumers}`, batch, max),
  };
}
