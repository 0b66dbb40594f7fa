import { sql, type SQL } from 'drizzle-orm';
import { retentionCutoffs, type PurgedRecords, type RetentionCutoffs } from '@korevitta/domain';
import type { Database } from './connection.ts';
import { affectedRows } from './rows.ts';
import { sqlInstant } from './sql-values.ts';
import { withSystemBypass } from './tenant.ts';

export type PurgeResult = PurgedRecords;

export interface PurgeOptions {
  batchSize?: number;
  maxBatches?: number;
  /** Restricts the purge (tests that must own their rows in a shared database). */
  only?: { professionalIds: readonly string[]; consumers: readonly string[] };
}

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

/** The set-based side of the `retention-purge` job (its rule is the domain's RETENTION): safe to overlap. */
export async function purgeRecords(db: Database, cutoffs: RetentionCutoffs, options: PurgeOptions = {}): Promise<PurgeResult> {
  const batch = options.batchSize ?? 5000;
  const max = options.maxBatches ?? 200;
  const tenants = options.only ? sql` and professional_id in ${options.only.professionalIds}` : sql``;
  const consumers = options.only ? sql` and consumer in ${options.only.consumers}` : sql``;
  return {
    idempotencyKeys: await purge(db, 'idempotency_keys', sql`expires_at <= ${sqlInstant(cutoffs.idempotencyKeysExpiredBy)}${tenants}`, batch, max),
    publishedOutbox: await purge(db, 'event_outbox', sql`published_at <= ${sqlInstant(cutoffs.outboxPublishedBy)}${tenants}`, batch, max),
    processedMessages: await purge(db, 'processed_messages', sql`processed_at <= ${sqlInstant(cutoffs.inboxProcessedBy)}${consumers}`, batch, max),
  };
}

/** The whole purge at `now` (the domain's cutoffs), for scripts and tests. */
export const purgeExpired = (db: Database, input: PurgeOptions & { now: Date }): Promise<PurgeResult> => purgeRecords(db, retentionCutoffs(input.now), input);
