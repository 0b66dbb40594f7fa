import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addDays, localDate, plannedTasksFor, type ProtocolContent } from '@korevitta/domain';
import { generateDailyTasks, materializeTasksForPatient, withSystemBypass, type Database } from '@korevitta/db';
import { openTestDatabase, isRealPostgres } from '../support/database.ts';
import { addProtocolVersion, prng, randomContent, seedPatientWithProtocol, tasksOf } from './support.ts';

const ZONES = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Manaus'];
/** Instants around DST changes (New York 2026-03-08 / 2026-11-01, Lisbon 2026-03-29 / 2026-10-25), year ends and a leap day. */
const INSTANTS = ['2026-03-08T06:30:00Z', '2026-03-29T00:30:00Z', '2026-10-25T00:59:00Z', '2026-11-01T05:30:00Z', '2026-12-31T23:30:00Z', '2028-02-28T12:00:00Z', '2026-11-30T02:30:00Z', '2027-06-15T14:00:00Z'];

const materialize = (db: Database, patientId: string, now: Date, extra: { days?: number } = {}) =>
  withSystemBypass(db, 'test: materialize', (tx) => materializeTasksForPatient(tx, { patientId, now, ...extra }));

const expected = (content: ProtocolContent, from: string, days: number) =>
  Array.from({ length: days }, (_, i) => addDays(from, i)).flatMap((date) =>
    plannedTasksFor(content, date).map((t) => ({ task_date: date, task_key: t.taskKey, kind: t.kind, title: t.title, scheduled_time: t.scheduledTime, target_ml: t.targetMl })))
    .sort((a, b) => a.task_date.localeCompare(b.task_date) || a.task_key.localeCompare(b.task_key));

describe('materialization of daily tasks', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase({ poolMax: 6 }); });
  afterAll(async () => { await db.close(); });

  it('when many generated contents are materialized in many zones and instants (DST days included), then SQL equals plannedTasksFor', async () => {
    const r = prng(20261129);
    const cases = 48;
    for (let seed = 1; seed <= cases; seed += 1) {
      const content = randomContent(seed * 7919);
      const timezone = r.pick(ZONES);
      const now = new Date(r.pick(INSTANTS));
      const p = await seedPatientWithProtocol(db, { content, timezone });
      const inserted = await materialize(db, p.patientId, now);
      const want = expected(content, localDate(now, timezone), 8);
      const got = (await tasksOf(db, p.patientId)).map(({ task_date, task_key, kind, title, scheduled_time, target_ml }) => ({ task_date, task_key, kind, title, scheduled_time, target_ml: target_ml === null ? null : Number(target_ml) }));
      expect({ seed, timezone, now: now.toISOString(), got }).toEqual({ seed, timezone, now: now.toISOString(), got: want });
      expect(inserted).toBe(want.length);
    }
  });

  it('when Tokyo and São Paulo patients are materialized at the same instant, then each starts at its own today', async () => {
    const content = randomContent(42);
    const now = new Date('2026-11-30T02:30:00Z'); // Tokyo 11:30 on the 30th, São Paulo 23:30 on the 29th
    const tokyo = await seedPatientWithProtocol(db, { content, timezone: 'Asia/Tokyo' });
    const saoPaulo = await seedPatientWithProtocol(db, { content, timezone: 'America/Sao_Paulo' });
    await materialize(db, tokyo.patientId, now);
    await materialize(db, saoPaulo.patientId, now);
    const dates = async (id: string) => [...new Set((await tasksOf(db, id)).map((t) => t.task_date))];
    expect(await dates(tokyo.patientId)).toEqual(Array.from({ length: 8 }, (_, i) => addDays('2026-11-30', i)));
    expect(await dates(saoPaulo.patientId)).toEqual(Array.from({ length: 8 }, (_, i) => addDays('2026-11-29', i)));
  });

  it('when materialized twice, then the second run inserts nothing and the rows (ids included) are unchanged', async () => {
    const p = await seedPatientWithProtocol(db, { content: randomContent(7) });
    const now = new Date('2026-11-29T12:00:00Z');
    const first = await materialize(db, p.patientId, now);
    const before = await tasksOf(db, p.patientId);
    expect(await materialize(db, p.patientId, now)).toBe(0);
    expect(await tasksOf(db, p.patientId)).toEqual(before);
    expect(first).toBe(before.length);
  });

  it('when the timer job runs over a tenant, then it yields the same tasks as materialize, and a second run is a no-op', async () => {
    const a = await seedPatientWithProtocol(db, { content: randomContent(11), timezone: 'Asia/Tokyo' });
    const b = await seedPatientWithProtocol(db, { content: randomContent(12), professionalId: a.professionalId });
    const c = await seedPatientWithProtocol(db, { content: randomContent(13), professionalId: a.professionalId, timezone: 'Europe/Lisbon' });
    const now = new Date('2026-10-25T00:30:00Z');
    const run1 = await generateDailyTasks(db, { now, horizonDays: 7, batchSize: 2, professionalIds: [a.professionalId] });
    expect(run1).toMatchObject({ patients: 3, batches: 2 });
    for (const p of [a, b, c]) {
      const rows = await tasksOf(db, p.patientId);
      expect(await materialize(db, p.patientId, now)).toBe(0);
      expect(await tasksOf(db, p.patientId)).toEqual(rows);
    }
    expect(await generateDailyTasks(db, { now, horizonDays: 7, batchSize: 2, professionalIds: [a.professionalId] })).toEqual({ inserted: 0, patients: 0, batches: 1 });
    // An hour later nothing changed for anyone; a day later each patient gains exactly its new horizon day.
    expect(await generateDailyTasks(db, { now: new Date(now.getTime() + 3_600_000), horizonDays: 7, professionalIds: [a.professionalId] })).toMatchObject({ inserted: 0 });
    const nextDay = await generateDailyTasks(db, { now: new Date(now.getTime() + 86_400_000), horizonDays: 7, professionalIds: [a.professionalId] });
    expect(nextDay.patients).toBe(3);
  });

  it('when batches are written by concurrent workers while the next is picked, then each patient is materialized once, as by one worker (issue 9)', async () => {
    const first = await seedPatientWithProtocol(db, { content: randomContent(31) });
    const patients = [first];
    for (let i = 0; i < 8; i += 1) patients.push(await seedPatientWithProtocol(db, { content: randomContent(300 + i), professionalId: first.professionalId, timezone: ZONES[i % ZONES.length] ?? 'UTC' }));
    const now = new Date('2026-11-29T12:00:00Z');
    const run = await generateDailyTasks(db, { now, horizonDays: 7, batchSize: 2, workers: 3, professionalIds: [first.professionalId] });
    expect(run.patients).toBe(9);
    for (const p of patients) {
      const rows = await tasksOf(db, p.patientId);
      expect(rows.length).toBeGreaterThan(0);
      expect(await materialize(db, p.patientId, now)).toBe(0);
      expect(await tasksOf(db, p.patientId)).toEqual(rows);
    }
    expect(await generateDailyTasks(db, { now, horizonDays: 7, batchSize: 2, workers: 3, professionalIds: [first.professionalId] })).toMatchObject({ inserted: 0, patients: 0 });
  });

  it('when two runs of the job overlap, then there are no duplicates and no errors', async () => {
    const first = await seedPatientWithProtocol(db, { content: randomContent(21) });
    for (let i = 0; i < 30; i += 1) await seedPatientWithProtocol(db, { content: randomContent(100 + i), professionalId: first.professionalId, timezone: ZONES[i % ZONES.length] ?? 'UTC' });
    const now = new Date('2026-11-29T12:00:00Z');
    const runs = await Promise.all([1, 2, 3].map(() => generateDailyTasks(db, { now, horizonDays: 7, batchSize: 5, professionalIds: [first.professionalId] })));
    const total = runs.reduce((s, r) => s + r.inserted, 0);
    const [row] = await withSystemBypass(db, 'test read', async (tx) => {
      const res = await tx.execute(sql`select count(*)::int as n, count(distinct (patient_id, task_date, task_key))::int as d from daily_tasks where professional_id = ${first.professionalId}`);
      return Array.isArray(res) ? res : (res as { rows: unknown[] }).rows;
    }) as { n: number; d: number }[];
    expect(row?.n).toBe(total);
    expect(row?.d).toBe(total);
    expect(isRealPostgres() ? total : total).toBeGreaterThan(0);
  });

  it('when a new version is materialized, then past days and completed tasks stay on their version and future open ones move', async () => {
    const v1 = randomContent(31);
    const p = await seedPatientWithProtocol(db, { content: v1, timezone: 'America/Sao_Paulo' });
    const day1 = new Date('2026-11-20T12:00:00Z');
    await materialize(db, p.patientId, day1);
    const today = '2026-11-23';
    const now = new Date('2026-11-23T15:00:00Z');
    const rows = await tasksOf(db, p.patientId);
    const doneToday = rows.find((t) => t.task_date === today && t.kind !== 'hydration');
    const doneFuture = rows.find((t) => t.task_date === '2026-11-25' && t.kind !== 'hydration');
    await withSystemBypass(db, 'test: complete', async (tx) => {
      for (const t of [doneToday, doneFuture]) {
        if (t) await tx.execute(sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at) values (${t.id}, ${p.professionalId}, ${p.patientId}, now())`);
      }
    });
    const v2: ProtocolContent = { nutrition: { dailyTargets: { kcal: 1, proteinG: 1, carbsG: 1, fatG: 1 }, meals: [{ key: 'novo', name: 'Nova refeição', time: '09:00', items: [] }] }, hydration: { dailyGoalMl: 3000 } };
    await addProtocolVersion(db, p, v2);
    await materialize(db, p.patientId, now);
    const after = await tasksOf(db, p.patientId);
    const past = (xs: typeof rows) => xs.filter((t) => t.task_date < today);
    expect(past(after)).toEqual(past(rows));
    expect(past(after).every((t) => t.protocol_version === 1)).toBe(true);
    for (const t of [doneToday, doneFuture]) if (t) expect(after.find((x) => x.id === t.id)).toMatchObject({ completed: true, protocol_version: 1 });
    const openCurrent = after.filter((t) => t.task_date >= today && !t.completed);
    expect(openCurrent.every((t) => t.protocol_version === 2)).toBe(true);
    expect(new Set(openCurrent.map((t) => t.task_key))).toEqual(new Set(['meal:novo', 'hydration']));
    expect(after.filter((t) => t.task_date === '2026-11-30').map((t) => t.task_key)).toEqual(['hydration', 'meal:novo']);
  });

  it('when the protocol is archived and materialize runs, then future open tasks go and nothing is inserted', async () => {
    const p = await seedPatientWithProtocol(db, { content: randomContent(41) });
    const now = new Date('2026-11-23T15:00:00Z');
    await materialize(db, p.patientId, new Date('2026-11-21T15:00:00Z'));
    await withSystemBypass(db, 'test: archive', (tx) => tx.execute(sql`update protocols set status = 'archived', archived_at = now() where id = ${p.protocolId}`));
    expect(await materialize(db, p.patientId, now)).toBe(0);
    const rows = await tasksOf(db, p.patientId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((t) => t.task_date < '2026-11-23')).toBe(true);
  });
});
