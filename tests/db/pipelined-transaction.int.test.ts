import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withTenant, type Database } from '@korevitta/db';
import { openTestDatabase, isRealPostgres } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';

/**
 * Issue 9: on postgres.js the tenant transaction queues BEGIN, the settings and the session check on one
 * write of a reserved connection. These prove it keeps what `begin()` guaranteed: the settings are in force
 * before the first query and transaction-local, an error the callback swallowed still fails the
 * transaction, and a savepoint's error stays in the savepoint.
 */
describe.skipIf(!isRealPostgres())('pipelined tenant transaction (postgres.js)', () => {
  let db: Database;
  let tenant: SeededTenant;
  let statements: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase({ poolMax: 1, onStatement: (text) => statements.push(text.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase()) });
    tenant = await seedTenant(db, 2);
  });
  afterAll(async () => { await db.close(); });

  const setting = async () => rowsOf<{ pid: string | null; role: string }>(await db.orm.execute(
    sql`select nullif(current_setting('app.professional_id', true), '') as pid, current_user as role`))[0];

  it('when a tenant transaction runs, then BEGIN, the settings and the first query go in that order and the first query sees the tenant', async () => {
    statements = [];
    const seen = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ pid: string; role: string; in_block: boolean; n: number }>(await tx.execute(sql`
      select current_setting('app.professional_id') as pid, current_user as role,
        transaction_timestamp() < statement_timestamp() as in_block, (select count(*)::int from patients) as n`))[0]);
    expect(seen).toEqual({ pid: tenant.ctx.professionalId, role: 'korevitta_app', in_block: true, n: 2 });
    expect(statements).toEqual(['begin', "select set_config('role',", "select current_setting('app.professional_id')", 'commit']);
    expect(await setting()).toEqual({ pid: null, role: 'postgres' });
  });

  it('when the callback swallows a failed statement, then the transaction still fails and nothing it wrote stays', async () => {
    const marker = `pipelined-${Date.now()}`;
    const attempt = withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[0]}`);
      await tx.execute(sql`select 1/0`).catch(() => null);
      return 'swallowed';
    });
    await expect(attempt).rejects.toThrow(/division by zero/);
    const names = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from patients where name = ${marker}`)));
    expect(names).toEqual([]);
  });

  it('when a savepoint fails inside, then only the savepoint rolls back and the rest commits', async () => {
    const marker = `kept-${Date.now()}`;
    await withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[0]}`);
      await expect(tx.transaction(async (sp) => { await sp.execute(sql`select 1/0`); })).rejects.toThrow(/select 1\/0/);
      const inner = await tx.transaction(async (sp) => rowsOf<{ n: number }>(await sp.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
      expect(inner).toEqual({ n: 1 });
    });
    const kept = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
    expect(kept).toEqual({ n: 1 });
  });

  it('when the callback throws, then it rolls back and the connection carries no tenant afterwards', async () => {
    const marker = `thrown-${Date.now()}`;
    await expect(withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[1]}`);
      throw new Error('forced');
    })).rejects.toThrow('forced');
    expect(await setting()).toEqual({ pid: null, role: 'postgres' });
    const n = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
    expect(n).toEqual({ n: 0 });
  });
});
