import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';

describe('migrations', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when run again on a migrated database, then nothing is applied twice', async () => {
    const report = await migrate(db.migrationTarget);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBeGreaterThanOrEqual(4);
  });

  it('when the system handle runs, then it is the system role, not the login', async () => {
    const rows = await withSystemBypass(db, 'test', async (tx) => rowsOf<{ u: string }>(await tx.execute(sql`select current_user as u`)));
    expect(rows[0]?.u).toBe('korevitta_system');
  });
});
