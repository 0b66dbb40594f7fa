import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, readMigrations, rowsOf, withSystemBypass, type Database } from '@korevitta/db';
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

  it('when every migration has landed, then checking takes one transaction, not one per file', async () => {
    let transactions = 0;
    const counting = { transaction: (fn: Parameters<Database['migrationTarget']['transaction']>[0]) => { transactions += 1; return db.migrationTarget.transaction(fn); } };
    const report = await migrate(counting);
    expect(report).toEqual({ applied: [], alreadyApplied: (await readMigrations()).length });
    expect(transactions).toBe(1);
  });

  it('when a landed migration file changed, then migrate refuses it (the check does not hide a checksum mismatch)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kv-migrations-'));
    try {
      const files = await readMigrations();
      for (const f of files) await writeFile(path.join(dir, f.name), f.sql);
      const last = files.at(-1)!;
      await writeFile(path.join(dir, last.name), `${last.sql}\n-- edited after landing\n`);
      await expect(migrate(db.migrationTarget, dir)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when the system handle runs, then it is the system role, not the login', async () => {
    const rows = await withSystemBypass(db, 'test', async (tx) => rowsOf<{ u: string }>(await tx.execute(sql`select current_user as u`)));
    expect(rows[0]?.u).toBe('korevitta_system');
  });
});
