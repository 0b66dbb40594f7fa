import { sql } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { firstRow } from './rows.ts';
import { withSystemBypass } from './tenant.ts';

/** Monthly-partitioned tables (DESIGN.md §4). */
export const PARTITIONED_TABLES = ['audit_log', 'water_intake_logs', 'messages', 'checkins'] as const;

/**
 * Infrastructure, not a use case: makes sure every monthly-partitioned table has its partitions from `today`'s
 * month to `monthsAhead` months later (app_ctx.ensure_monthly_partitions, idempotent). Returns how many it created.
 */
export async function ensureMonthlyPartitions(db: Database, input: { today: string; monthsAhead: number }): Promise<number> {
  let created = 0;
  await withSystemBypass(db, 'timer: create partitions ahead', async (tx) => {
    for (const table of PARTITIONED_TABLES) {
      const row = firstRow<{ n: number }>(await tx.execute(sql`select app_ctx.ensure_monthly_partitions(${table}::regclass, ${input.today}::date, ${input.monthsAhead}) as n`));
      created += Number(row?.n ?? 0);
    }
  });
  return created;
}
