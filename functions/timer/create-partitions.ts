import { sql } from 'drizzle-orm';
import { firstRow, withSystemBypass } from '@korevitta/db';
import { registerTimer } from '@korevitta/platform';

/** Monthly-partitioned tables (DESIGN.md §4) and how many months ahead they must exist. */
export const PARTITIONED_TABLES = ['audit_log', 'water_intake_logs', 'messages', 'checkins', 'patient_access_log'] as const;
const MONTHS_AHEAD = 3;

/** Daily, idempotent: keeps partitions three months ahead, so inserts never land in the default partition. */
export default registerTimer({
  name: 'partitions-create',
  schedule: '0 15 3 * * *',
  handler: async ({ rt, now, log }) => {
    const today = now.toISOString().slice(0, 10);
    let created = 0;
    await withSystemBypass(rt.db, 'timer: create partitions ahead', async (tx) => {
      for (const table of PARTITIONED_TABLES) {
        const row = firstRow<{ n: number }>(await tx.execute(sql`select app_ctx.ensure_monthly_partitions(${table}::regclass, ${today}::date, ${MONTHS_AHEAD}) as n`));
        created += Number(row?.n ?? 0);
      }
    });
    if (created > 0) log.info('partitions.created', { created });
  },
});
