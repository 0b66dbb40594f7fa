import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { rowsOf, tables, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';

/** The Drizzle schema mirrors the SQL migrations (ADR 0003): every table and column it names exists, typed alike. */
describe('Drizzle schema vs migrated database', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when each Drizzle table is compared with the catalog, then columns, types and nullability match', async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(await db.orm.execute(sql`
      select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public'`));
    const byTable = new Map<string, Map<string, { type: string; nullable: boolean }>>();
    for (const c of columns) {
      const t = byTable.get(c.table_name) ?? new Map();
      t.set(c.column_name, { type: c.data_type, nullable: c.is_nullable === 'YES' });
      byTable.set(c.table_name, t);
    }
    const drizzleTables = Object.values(tables as Record<string, unknown>).filter((t): t is PgTable => t instanceof PgTable);
    expect(drizzleTables.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const table of drizzleTables) {
      const config = getTableConfig(table);
      const actual = byTable.get(config.name);
      if (!actual) { problems.push(`${config.name}: missing table`); continue; }
      for (const col of config.columns) {
        const a = actual.get(col.name);
        if (!a) { problems.push(`${config.name}.${col.name}: missing column`); continue; }
        const expectedType = col.getSQLType().split('(')[0];
        if (!a.type.startsWith(expectedType === 'timestamp' ? 'timestamp' : expectedType ?? '')) problems.push(`${config.name}.${col.name}: ${a.type} vs ${expectedType}`);
        if (a.nullable === col.notNull) problems.push(`${config.name}.${col.name}: nullability differs`);
      }
      for (const name of actual.keys()) {
        if (!config.columns.some((c) => c.name === name)) problems.push(`${config.name}.${name}: not in Drizzle schema`);
      }
    }
    expect(problems).toEqual([]);
  });
});
