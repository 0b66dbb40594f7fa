import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withTenant, affectedRows, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';
import { pgCode } from '../support/pg-error.ts';


/** TEST-CATALOG 21: per table and command, A's context reaches only A's rows. */
describe('RLS policies per table and command', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 2);
  });
  afterAll(async () => { await db.close(); });

  const asA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, a.ctx, fn);

  it('when A selects patients, then only A’s rows are visible', async () => {
    const rows = await asA(async (tx) => rowsOf<{ id: string; professional_id: string }>(await tx.execute(sql`select id, professional_id from patients`)));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.professional_id === a.ctx.professionalId)).toBe(true);
  });

  it('when A inserts a patient with B’s professional_id, then WITH CHECK refuses it (42501)', async () => {
    const attempt = asA((tx) => tx.execute(sql`insert into patients (id, professional_id, name) values (${ids.newId()}, ${b.ctx.professionalId}, 'Intruso')`));
    await expect(attempt).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when A tries to move its patient to B, then the update is refused (42501)', async () => {
    const attempt = asA((tx) => tx.execute(sql`update patients set professional_id = ${b.ctx.professionalId} where id = ${a.patientIds[0]}`));
    await expect(attempt).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when A updates or deletes B’s patients, then zero rows are affected and B’s rows are unchanged', async () => {
    const updated = await asA((tx) => tx.execute(sql`update patients set name = 'hacked' where id = ${b.patientIds[0]}`));
    expect(affectedRows(updated)).toBe(0);
    const deleted = await asA((tx) => tx.execute(sql`delete from patients where id = ${b.patientIds[1]}`)).catch((e: unknown) => e);
    // The app role has no DELETE grant (soft delete only): refused outright, which is stronger than 0 rows.
    if (deleted instanceof Error) expect(pgCode(deleted)).toBe('42501');
    else expect(affectedRows(deleted)).toBe(0);
    const names = await withTenant(db, b.ctx, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from patients order by id`)));
    expect(names.map((n) => n.name)).toEqual(['Paciente', 'Paciente']);
  });

  it('when A updates B’s professional row or reads B’s users, then nothing is reached', async () => {
    const updated = await asA((tx) => tx.execute(sql`update professionals set name = 'hacked' where id = ${b.ctx.professionalId}`));
    expect(affectedRows(updated)).toBe(0);
    const users = await asA(async (tx) => rowsOf(await tx.execute(sql`select id from users where professional_id = ${b.ctx.professionalId}`)));
    expect(users).toEqual([]);
  });

  it('when A appends to the outbox for B, then WITH CHECK refuses it, and A cannot read the outbox at all', async () => {
    const insert = asA((tx) => tx.execute(sql`insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, occurred_at)
      values (${ids.newId()}, ${b.ctx.professionalId}, 'default', 'm', 't', 1, '{}', now())`));
    await expect(insert).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
    const read = asA((tx) => tx.execute(sql`select * from event_outbox`));
    await expect(read).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when a patient context reads patients, then it sees only itself', async () => {
    const self = a.patientIds[0]!;
    const rows = await withTenant(db, { userId: ids.newId(), role: 'patient', professionalId: a.ctx.professionalId, patientId: self },
      async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select id from patients`)));
    expect(rows.map((r) => r.id)).toEqual([self]);
  });

  it('when the patients policy is replaced by USING (true), then the same read leaks B’s rows (mutation check)', async () => {
    // DDL is transactional: swap the policy for a leaky one, observe, and roll everything back by throwing.
    const seen = await db.orm.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'korevitta_owner', true)`);
      await tx.execute(sql`drop policy patients_professional on patients`);
      await tx.execute(sql`create policy mutant on patients for all to korevitta_app using (true)`);
      await tx.execute(sql`select set_config('role', 'korevitta_app', true), set_config('app.professional_id', ${a.ctx.professionalId}, true), set_config('app.role', 'professional', true)`);
      const rows = rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from patients`));
      throw Object.assign(new Error('roll back the mutant policy'), { rows });
    }).catch((e: { rows?: { professional_id: string }[] }) => e.rows ?? []);
    expect(seen.some((r) => r.professional_id === b.ctx.professionalId)).toBe(true);
    const after = await asA(async (tx) => rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from patients`)));
    expect(after.every((r) => r.professional_id === a.ctx.professionalId)).toBe(true);
  });
});
