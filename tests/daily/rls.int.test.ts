import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { materializeTasksForPatient, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { FIXED_CONTENT, seedPatientWithProtocol, type SeededPatient } from './support.ts';
import { attemptAsTenant } from '../support/tenant-sql.ts';

const NOW = new Date('2026-11-29T15:00:00Z');
const proCtx = (p: SeededPatient): TenantContext => ({ userId: p.userId, role: 'professional', professionalId: p.professionalId, patientId: null });
const patientCtx = (p: SeededPatient): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: p.professionalId, patientId: p.patientId });

const attempt = attemptAsTenant;
const count = async (db: Database, ctx: TenantContext, q: ReturnType<typeof sql>) => withTenant(db, ctx, async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(q))[0]?.n));

/** TEST-CATALOG 21 for daily_tasks, daily_task_completions and water_intake_logs. */
describe('row level security of the daily-execution tables', () => {
  let db: Database;
  let a1: SeededPatient; // tenant A, patient 1
  let a2: SeededPatient; // tenant A, patient 2
  let b1: SeededPatient; // tenant B
  let taskA1 = '';
  let taskA2 = '';
  let taskB1 = '';

  beforeAll(async () => {
    db = await openTestDatabase();
    a1 = await seedPatientWithProtocol(db, { content: FIXED_CONTENT });
    a2 = await seedPatientWithProtocol(db, { content: FIXED_CONTENT, professionalId: a1.professionalId });
    a2 = { ...a2, userId: a1.userId };
    b1 = await seedPatientWithProtocol(db, { content: FIXED_CONTENT });
    const first = async (p: SeededPatient) => withSystemBypass(db, 'test seed', async (tx) => {
      await materializeTasksForPatient(tx, { patientId: p.patientId, now: NOW });
      const id = rowsOf<{ id: string }>(await tx.execute(sql`select id from daily_tasks where patient_id = ${p.patientId} and kind = 'meal' order by task_date, task_key limit 1`))[0]?.id ?? '';
      await tx.execute(sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at) values (${id}, ${p.professionalId}, ${p.patientId}, now())`);
      await tx.execute(sql`insert into water_intake_logs (id, professional_id, patient_id, logged_at, log_date, amount_ml)
        values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, ${NOW.toISOString()}::timestamptz, '2026-11-29', 250)`);
      return id;
    });
    taskA1 = await first(a1);
    taskA2 = await first(a2);
    taskB1 = await first(b1);
  });
  afterAll(async () => { await db.close(); });

  it.each(['daily_tasks', 'daily_task_completions', 'water_intake_logs'])('when professional A reads %s, then only tenant A rows', async (table) => {
    const rows = await withTenant(db, proCtx(a1), async (tx) => rowsOf<{ professional_id: string; patient_id: string }>(await tx.execute(sql`select professional_id, patient_id from ${sql.identifier(table)}`)));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.professional_id === a1.professionalId)).toBe(true);
    expect(new Set(rows.map((r) => r.patient_id))).toEqual(new Set([a1.patientId, a2.patientId]));
  });

  it.each(['daily_tasks', 'daily_task_completions', 'water_intake_logs'])('when patient A1 reads %s, then only its own rows', async (table) => {
    const rows = await withTenant(db, patientCtx(a1), async (tx) => rowsOf<{ patient_id: string }>(await tx.execute(sql`select patient_id from ${sql.identifier(table)}`)));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.patient_id === a1.patientId)).toBe(true);
  });

  it('when daily_task_horizons is read, then professional A sees only A, a patient sees nothing', async () => {
    const rows = await withTenant(db, proCtx(a1), async (tx) => rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from daily_task_horizons`)));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.professional_id === a1.professionalId)).toBe(true);
    expect(await count(db, patientCtx(a1), sql`select count(*)::int as n from daily_task_horizons`)).toBe(0);
    expect(await attempt(db, proCtx(a1), sql`update daily_task_horizons set through_date = '2020-01-01' where patient_id = ${b1.patientId}`)).toBe('ok');
    expect(await count(db, proCtx(b1), sql`select count(*)::int as n from daily_task_horizons where patient_id = ${b1.patientId} and through_date = '2020-01-01'`)).toBe(0);
  });

  it("when a patient completes another patient's task (same or other tenant), then WITH CHECK refuses it (42501)", async () => {
    for (const [task, owner] of [[taskA2, a2], [taskB1, b1]] as const) {
      await withSystemBypass(db, 'test reset', (tx) => tx.execute(sql`delete from daily_task_completions where task_id = ${task}`));
      expect(await attempt(db, patientCtx(a1), sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at)
        values (${task}, ${a1.professionalId}, ${a1.patientId}, now())`)).toBe('42501');
      expect(await attempt(db, patientCtx(a1), sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at)
        values (${task}, ${owner.professionalId}, ${owner.patientId}, now())`)).toBe('42501');
    }
  });

  it("when a patient deletes another patient's completion, then 0 rows are affected", async () => {
    await withSystemBypass(db, 'test seed', (tx) => tx.execute(sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at)
      values (${taskA2}, ${a2.professionalId}, ${a2.patientId}, now()) on conflict do nothing`));
    await withTenant(db, patientCtx(a1), (tx) => tx.execute(sql`delete from daily_task_completions where task_id in (${taskA2}, ${taskB1})`));
    expect(await count(db, proCtx(a1), sql`select count(*)::int as n from daily_task_completions where task_id = ${taskA2}`)).toBe(1);
  });

  it('when a patient writes water for another patient, or a professional writes water at all, then refused (42501)', async () => {
    const insert = (p: SeededPatient) => sql`insert into water_intake_logs (id, professional_id, patient_id, logged_at, log_date, amount_ml)
      values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, now(), '2026-11-29', 100)`;
    expect(await attempt(db, patientCtx(a1), insert(a1))).toBe('ok');
    expect(await attempt(db, patientCtx(a1), insert(a2))).toBe('42501');
    expect(await attempt(db, patientCtx(a1), insert(b1))).toBe('42501');
    expect(await attempt(db, proCtx(a1), insert(a1))).toBe('42501');
  });

  it('when the app updates any daily table, then it has no privilege; a patient cannot write tasks; professional A cannot touch B', async () => {
    expect(await attempt(db, proCtx(a1), sql`update daily_tasks set title = 'x' where id = ${taskA1}`)).toBe('42501');
    expect(await attempt(db, patientCtx(a1), sql`update daily_task_completions set completed_at = now() where task_id = ${taskA1}`)).toBe('42501');
    expect(await attempt(db, patientCtx(a1), sql`update water_intake_logs set amount_ml = 1`)).toBe('42501');
    expect(await attempt(db, patientCtx(a1), sql`insert into daily_tasks (id, professional_id, patient_id, task_date, task_key, kind, title, protocol_id, protocol_version)
      values (${ids.newId()}, ${a1.professionalId}, ${a1.patientId}, '2026-12-01', 'meal:x', 'meal', 'x', ${a1.protocolId}, 1)`)).toBe('42501');
    expect(await attempt(db, proCtx(a1), sql`insert into daily_tasks (id, professional_id, patient_id, task_date, task_key, kind, title, protocol_id, protocol_version)
      values (${ids.newId()}, ${b1.professionalId}, ${b1.patientId}, '2026-12-01', 'meal:x', 'meal', 'x', ${b1.protocolId}, 1)`)).toBe('42501');
    await withTenant(db, proCtx(a1), (tx) => tx.execute(sql`delete from daily_tasks where patient_id = ${b1.patientId}`));
    expect(await count(db, proCtx(b1), sql`select count(*)::int as n from daily_tasks where patient_id = ${b1.patientId}`)).toBeGreaterThan(0);
    await withTenant(db, patientCtx(a1), (tx) => tx.execute(sql`delete from daily_tasks where patient_id = ${a1.patientId}`));
    expect(await count(db, proCtx(a1), sql`select count(*)::int as n from daily_tasks where patient_id = ${a1.patientId}`)).toBeGreaterThan(0);
  });

  it("when professional A materializes its own patient's tasks in its tenant transaction, then it works; B's patient is untouched", async () => {
    const fresh = await seedPatientWithProtocol(db, { content: FIXED_CONTENT, professionalId: a1.professionalId });
    expect(await withTenant(db, proCtx(a1), (tx) => materializeTasksForPatient(tx, { patientId: fresh.patientId, now: NOW }))).toBeGreaterThan(0);
    const before = await count(db, proCtx(b1), sql`select count(*)::int as n from daily_tasks where patient_id = ${b1.patientId}`);
    expect(await withTenant(db, proCtx(a1), (tx) => materializeTasksForPatient(tx, { patientId: b1.patientId, now: new Date('2026-12-03T15:00:00Z') }))).toBe(0);
    expect(await count(db, proCtx(b1), sql`select count(*)::int as n from daily_tasks where patient_id = ${b1.patientId}`)).toBe(before);
  });
});
