import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';

/** Counts and last-change times of every tenant table for one professional: any write shows up here. */
export async function fingerprint(h: TestHost, professionalId: string): Promise<Record<string, string>> {
  return withSystemBypass(h.db, 'test: BOLA fingerprint', async (tx) => {
    const tables = rowsOf<{ table_name: string }>(await tx.execute(sql`
      select distinct c.table_name from information_schema.columns c join pg_class k on k.relname = c.table_name
      where c.table_schema = 'public' and c.column_name = 'professional_id' and not k.relispartition and k.relkind in ('r', 'p')
      order by 1`));
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const [row] = rowsOf<{ n: number; last: string | null }>(await tx.execute(sql`
        select count(*)::int as n, max(to_jsonb(t)->>'updated_at') as last from ${sql.identifier(table_name)} t where professional_id = ${professionalId}`));
      // updated_at read through to_jsonb: a table without the column (lab_values) counts rows only.
      // The outbox relay (of any test file sharing the database) marks rows published: count them only.
      out[table_name] = table_name === 'event_outbox' ? `${row?.n ?? 0}` : `${row?.n ?? 0}@${row?.last ?? '-'}`;
    }
    return out;
  });
}
