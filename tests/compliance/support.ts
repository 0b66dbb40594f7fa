import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';

/** Every text, varchar and jsonb column of every public table that contains `needle` (system role: all tenants). */
export async function whereFound(h: TestHost, needle: string): Promise<string[]> {
  return withSystemBypass(h.db, 'test: search every text column', async (tx) => {
    const cols = rowsOf<{ t: string; c: string }>(await tx.execute(sql`
      select c.table_name as t, c.column_name as c from information_schema.columns c
      join pg_class k on k.relname = c.table_name join pg_namespace n on n.oid = k.relnamespace and n.nspname = 'public'
      where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb') and not k.relispartition and k.relkind in ('r', 'p')
        and has_table_privilege('korevitta_system', k.oid, 'SELECT')`));
    const found: string[] = [];
    for (const { t, c } of cols) {
      const hit = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${sql.identifier(t)} where ${sql.identifier(c)}::text ilike ${`%${needle}%`}`));
      if ((hit[0]?.n ?? 0) > 0) found.push(`${t}.${c}`);
    }
    return found;
  });
}
