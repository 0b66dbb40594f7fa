import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDailyStore, materializeTasksForPatient, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { addProtocolVersion, FIXED_CONTENT, seedPatientWithProtocol, type SeededPatient } from '../daily/support.ts';
import { attemptAsTenant } from '../support/tenant-sql.ts';

// 15:00Z is 12:00 in São Paulo: the patients' today is 2026-11-29.
const NOW = new Date('2026-11-29T15:00:00Z');
const TODAY = '2026-11-29';
const proCtx = (p: SeededPatient): TenantContext => ({ userId: p.userId, role: 'professional', professionalId: p.professionalId, patientId: null });
const patientCtx = (p: SeededPatient): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: p.professionalId, patientId: p.patientId });

interface DayRow { patient_id: string; day: string; total: number; done: number; goal_ml: number | null; water_ml: number; last_activity_at: string | null }

const attempt = attemptAsTenant;

/** The stored summary of a patient, and the same days computed from the facts (tasks, completions, water logs). */
async function summaryAndFacts(db: Database, patientId: string): Promise<{ stored: DayRow[]; facts: DayRow[] }> {
  return withSystemBypass(db, 'test read: adherence days', async (tx) => {
    const stored = rowsOf<DayRow>(await tx.execute(sql`
      select patient_id, day::text as day, total, done, goal_ml, water_ml, last_activity_at::text as last_activity_at
      from daily_adherence_days where patient_id = ${patientId}::uuid and (total > 0 or goal_ml is not null or water_ml > 0) order by day`));
    const facts = rowsOf<DayRow>(await tx.execute(sql`
      with t as (
        select t.patient_id, t.task_date as day, count(*) filter (where t.kind <> 'hydration')::int as total,
          count(c.task_id) filter (where t.kind <> 'hydration')::int as done, max(t.target_ml) filter (where t.kind = 'hydration') as goal_ml,
          max(c.completed_at) as at
        from daily_tasks t left join daily_task_completions c on c.task_id = t.id where t.patient_id = ${patientId}::uuid group by 1, 2
      ),
      w as (select patient_id, log_date as day, sum(amount_ml)::int as ml, max(logged_at) as at from water_intake_logs where patient_id = ${patientId}::uuid group by 1, 2)
      select coalesce(t.patient_id, w.patient_id) as patient_id, coalesce(t.day, w.day)::text as day, coalesce(t.total, 0) as total, coalesce(t.done, 0) as done,
        t.goal_ml, coalesce(w.ml, 0) as water_ml, greatest(t.at, w.at)::text as last_activity_at
      from t full join w on w.day = t.day order by 2`));
    return { stored, facts };
  });
}

/** migrations/0014: the per-day summary the risk signals read, kept by triggers on the facts. */
describe('daily_adherence_days: the per-day summary of tasks, completions and water', () => {
  let db: Database;
  let a1: SeededPatient; // tenant A, patient 1
  let a2: SeededPatient; // tenant A, patient 2
  let b1: SeededPatient; // tenant B

  beforeAll(async () => {
    db = await openTestDatabase();
    a1 = await seedPatientWithProtocol(db, { content: FIXED_CONTENT });
    a2 = { ...(await seedPatientWithProtocol(db, { content: FIXED_CONTENT, professionalId: a1.professionalId })), userId: a1.userId };
    b1 = await seedPatientWithProtocol(db, { content: FIXED_CONTENT });
    for (const p of [a1, a2, b1]) await withTenant(db, proCtx(p), (tx) => materializeTasksForPatient(tx, { patientId: p.patientId, now: NOW }));
  });
  afterAll(async () => { await db.close(); });

  it('when tasks are materialized, completed, undone, water is logged and future tasks are replaced, then the summary equals the facts', async () => {
    const taskIds = await withSystemBypass(db, 'test read', async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
      select id from daily_tasks where patient_id = ${a1.patientId}::uuid and kind <> 'hydration' and task_date in (${TODAY}::date, ${TODAY}::date + 1) order by task_date, task_key`)).map((r) => r.id));
    expect(taskIds.length).toBeGreaterThanOrEqual(2);
    const [first, second] = taskIds as [string, string];
    const ctx = patientCtx(a1);
    await withTenant(db, ctx, async (tx) => {
      const store = createDailyStore(tx);
      await store.insertCompletion({ taskId: first, professionalId: a1.professionalId, patientId: a1.patientId, completedAt: new Date('2026-11-29T14:00:00Z') });
      await store.insertCompletion({ taskId: first, professionalId: a1.professionalId, patientId: a1.patientId, completedAt: new Date('2026-11-29T14:30:00Z') }); // idempotent
      await store.insertCompletion({ taskId: second, professionalId: a1.professionalId, patientId: a1.patientId, completedAt: new Date('2026-11-29T14:10:00Z') });
      await store.insertWaterLog({ id: ids.newId(), professionalId: a1.professionalId, patientId: a1.patientId, loggedAt: new Date('2026-11-29T13:00:00Z'), logDate: TODAY, amountMl: 300 });
      await store.insertWaterLog({ id: ids.newId(), professionalId: a1.professionalId, patientId: a1.patientId, loggedAt: new Date('2026-11-28T13:00:00Z'), logDate: '2026-11-28', amountMl: 450 });
    });
    let { stored, facts } = await summaryAndFacts(db, a1.patientId);
    expect(stored).toEqual(facts);
    expect(stored.find((d) => d.day === TODAY)?.water_ml).toBe(300);
    expect(stored.find((d) => d.day === '2026-11-28')).toMatchObject({ total: 0, water_ml: 450 });

    // Undo (the newest completion of its day goes: activity falls back to the remaining one or the water log).
    await withTenant(db, ctx, (tx) => createDailyStore(tx).deleteCompletion(second));
    ({ stored, facts } = await summaryAndFacts(db, a1.patientId));
    expect(stored).toEqual(facts);

    // A new protocol version replaces today's and later uncompleted tasks (delete + insert in the professional's transaction).
    await addProtocolVersion(db, a1, { ...FIXED_CONTENT, hydration: { dailyGoalMl: 3100 } });
    await withTenant(db, proCtx(a1), (tx) => materializeTasksForPatient(tx, { patientId: a1.patientId, now: NOW }));
    ({ stored, facts } = await summaryAndFacts(db, a1.patientId));
    expect(stored).toEqual(facts);
    expect(stored.find((d) => d.day === TODAY)?.goal_ml).toBe(3100);
  });

  it('when a repair rebuilds the summary, then it equals what the triggers kept', async () => {
    const before = await summaryAndFacts(db, a1.patientId);
    await withSystemBypass(db, 'test: rebuild', (tx) => tx.execute(sql`select app_ctx.rebuild_daily_adherence_days()`));
    expect((await summaryAndFacts(db, a1.patientId)).stored).toEqual(before.stored);
  });

  it('when professional A reads the summary, then only tenant A rows; a patient sees only its own; another tenant none of them', async () => {
    const read = (ctx: TenantContext) => withTenant(db, ctx, async (tx) => rowsOf<{ professional_id: string; patient_id: string }>(await tx.execute(sql`
      select professional_id, patient_id from daily_adherence_days`)));
    const pro = await read(proCtx(a1));
    expect(pro.length).toBeGreaterThan(0);
    expect(new Set(pro.map((r) => r.patient_id))).toEqual(new Set([a1.patientId, a2.patientId]));
    const own = await read(patientCtx(a2));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.patient_id === a2.patientId)).toBe(true);
    expect((await read(proCtx(b1))).some((r) => r.professional_id === a1.professionalId)).toBe(false);
  });

  it('when a tenant writes another tenant\'s or another patient\'s summary, then RLS rejects it or it touches nothing', async () => {
    // 42501: new row violates the row-level security policy.
    expect(await attempt(db, proCtx(b1), sql`insert into daily_adherence_days (patient_id, professional_id, day, total) values (${a1.patientId}, ${a1.professionalId}, '2026-12-31', 5)`)).toBe('42501');
    expect(await attempt(db, patientCtx(a2), sql`insert into daily_adherence_days (patient_id, professional_id, day, total) values (${a1.patientId}, ${a1.professionalId}, '2026-12-31', 5)`)).toBe('42501');
    const updated = async (ctx: TenantContext, patientId: string) => withTenant(db, ctx, async (tx) => rowsOf<{ day: string }>(await tx.execute(sql`
      update daily_adherence_days set done = 99 where patient_id = ${patientId}::uuid returning day`)).length);
    expect(await updated(proCtx(b1), a1.patientId)).toBe(0);
    expect(await updated(patientCtx(a2), a1.patientId)).toBe(0);
    // The app never deletes summary rows (only the system repairs): 42501 permission denied.
    expect(await attempt(db, proCtx(a1), sql`delete from daily_adherence_days where patient_id = ${a1.patientId}::uuid`)).toBe('42501');
    const { stored, facts } = await summaryAndFacts(db, a1.patientId);
    expect(stored).toEqual(facts);
  });
});
