import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { affectedRows, rowsOf, withSystemBypass, withTenant, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';
import { pgCode } from '../support/pg-error.ts';


/** TEST-CATALOG 21 for patient_invite_requests: A's context reaches only A's rows, per command. */
describe('RLS: patient_invite_requests', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  const bRow = ids.newId();
  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 1);
    b = await seedTenant(db, 1);
    await withSystemBypass(db, 'test seed', async (tx) => {
      await tx.execute(sql`insert into patient_invite_requests (id, professional_id, patient_id, requested_by, requested_at)
        values (${ids.newId()}, ${a.ctx.professionalId}, ${a.patientIds[0]}, ${a.ctx.userId}, now()),
               (${bRow}, ${b.ctx.professionalId}, ${b.patientIds[0]}, ${b.ctx.userId}, now())`);
    });
  });
  afterAll(async () => { await db.close(); });

  const asA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, a.ctx, fn);

  it('when A selects, then only A’s rows are visible', async () => {
    const rows = await asA(async (tx) => rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from patient_invite_requests`)));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.professional_id === a.ctx.professionalId)).toBe(true);
  });

  it('when A inserts a row for B, then WITH CHECK refuses it (42501)', async () => {
    const attempt = asA((tx) => tx.execute(sql`insert into patient_invite_requests (id, professional_id, patient_id, requested_by, requested_at)
      values (${ids.newId()}, ${b.ctx.professionalId}, ${b.patientIds[0]}, ${a.ctx.userId}, now())`));
    await expect(attempt).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when A updates or deletes, then it is refused (append-only ledger: no grant) and B’s row is intact', async () => {
    for (const stmt of [sql`update patient_invite_requests set requested_at = now() where id = ${bRow}`, sql`delete from patient_invite_requests where id = ${bRow}`]) {
      const result = await asA((tx) => tx.execute(stmt)).catch((e: unknown) => e);
      if (result instanceof Error) expect(pgCode(result)).toBe('42501');
      else expect(affectedRows(result)).toBe(0);
    }
    const still = await withSystemBypass(db, 'test check', async (tx) => rowsOf(await tx.execute(sql`select 1 from patient_invite_requests where id = ${bRow}`)));
    expect(still).toHaveLength(1);
  });

  it('when a patient of A reads the ledger, then it sees nothing (professional role only)', async () => {
    const rows = await withTenant(db, { ...a.ctx, role: 'patient', patientId: a.patientIds[0] ?? null }, async (tx) =>
      rowsOf(await tx.execute(sql`select 1 from patient_invite_requests`)));
    expect(rows).toEqual([]);
  });

  it('when the tenant policy is dropped, then A sees nothing (the policy is what grants access: mutation check)', async () => {
    const seen = await db.orm.transaction(async (tx) => {
      await tx.execute(sql`drop policy patient_invite_requests_professional on patient_invite_requests`);
      const n = await withTenantInTx(tx, a);
      tx.rollback();
      return n;
    }).catch((e: unknown) => (e instanceof Error && e.message.includes('Rollback') ? 'rolled back' : Promise.reject(e)));
    expect(seen).toBe('rolled back');
  });
});

async function withTenantInTx(tx: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }, t: SeededTenant): Promise<number> {
  await tx.execute(sql`select set_config('role', 'korevitta_app', true), set_config('app.user_id', ${t.ctx.userId}, true), set_config('app.role', 'professional', true),
    set_config('app.professional_id', ${t.ctx.professionalId}, true), set_config('app.patient_id', '', true)`);
  const rows = rowsOf(await tx.execute(sql`select 1 from patient_invite_requests`));
  expect(rows).toEqual([]);
  return rows.length;
}
