import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { recordAudit, rowsOf, withSystemBypass, withTenant, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant } from '../support/tenants.ts';

describe('monthly partitions and the audit log', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when partitions are ensured twice for the next months, then they exist once, forced, and the second run creates none', async () => {
    const from = '2031-01-15';
    const first = await withSystemBypass(db, 'test', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select app_ctx.ensure_monthly_partitions('audit_log', ${from}::date, 2) as n`)));
    const second = await withSystemBypass(db, 'test', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select app_ctx.ensure_monthly_partitions('audit_log', ${from}::date, 2) as n`)));
    expect(Number(first[0]?.n)).toBe(3);
    expect(Number(second[0]?.n)).toBe(0);
    const parts = rowsOf<{ relname: string; forced: boolean }>(await db.orm.execute(sql`
      select relname, relforcerowsecurity as forced from pg_class where relname like 'audit_log_y2031m%' and relkind = 'r' order by relname`));
    expect(parts).toEqual([{ relname: 'audit_log_y2031m01', forced: true }, { relname: 'audit_log_y2031m02', forced: true }, { relname: 'audit_log_y2031m03', forced: true }]);
  });

  it('when the app role calls the partition function, then it is refused', async () => {
    const t = await seedTenant(db, 0);
    await expect(withTenant(db, t.ctx, (tx) => tx.execute(sql`select app_ctx.ensure_monthly_partitions('audit_log', '2032-01-01'::date, 1)`))).rejects.toThrow();
  });

  it('when an audit row is written, then its tenant reads it, the other tenant does not, and nobody can change it', async () => {
    const a = await seedTenant(db, 0);
    const b = await seedTenant(db, 0);
    await withTenant(db, a.ctx, (tx) => recordAudit(tx, {
      professionalId: a.ctx.professionalId, actor: { userId: a.ctx.userId, role: 'professional' }, action: 'patient.updated',
      entityType: 'patient', entityId: a.ctx.userId, changes: { status: { before: 'active', after: 'paused' }, name: { before: 'Ana', after: 'Ana B' }, notes: { before: null, after: 'asma' } },
      requestId: 'req-1', occurredAt: new Date(),
    }));
    const mine = await withTenant(db, a.ctx, async (tx) => rowsOf<{ changes: Record<string, unknown> }>(await tx.execute(sql`select changes from audit_log`)));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.changes).toEqual({ status: { before: 'active', after: 'paused' }, name: { before: 'Ana', after: 'Ana B' }, notes: { before: null, after: '[masked]' } });
    const theirs = await withTenant(db, b.ctx, async (tx) => rowsOf(await tx.execute(sql`select * from audit_log`)));
    expect(theirs).toEqual([]);
    await expect(withTenant(db, a.ctx, (tx) => tx.execute(sql`update audit_log set action = 'x'`))).rejects.toThrow();
    await expect(withTenant(db, a.ctx, (tx) => tx.execute(sql`delete from audit_log`))).rejects.toThrow();
  });
});
