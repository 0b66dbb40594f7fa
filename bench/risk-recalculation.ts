/**
 * Benchmark of the full risk recalculation (issue 4, docs/BENCHMARKS.md "Risk recalculation").
 *
 *   npx tsx bench/risk-recalculation.ts [patients]
 *   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 *
 * Creates a scratch database, migrates it, seeds `patients` (default 100,000) patients set-based with 31 days
 * of daily tasks (KV_BENCH_TASKS_PER_DAY counted tasks, default 3, plus a hydration goal) about 70 % completed,
 * 10 days of water logs (3 a day), and 8 weekly check-ins each (7 closed: on time, late or missed; 1 open).
 * Rows are inserted day by day across patients, as the hourly materialization writes them (a patient's tasks
 * are spread over many pages); the bulk load bypasses triggers, so the per-day summary daily_adherence_days
 * (migrations/0014) is then rebuilt set-based. Times the nightly recalculation (id ranges of 25,000, two at a
 * time: one read each, then write transactions of KV_BENCH_BATCH), a rerun, prints EXPLAIN (ANALYZE, BUFFERS) of
 * the signals statement for all patients, and drops the database unless KV_BENCH_KEEP_DB is set.
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openScratchDatabase, timed } from './scratch-db.ts';
import { migrate, recalculateRiskNightly, riskSignalsQuery, rowsOf, withSystemBypass } from '@korevitta/db';

const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const patients = Number(process.argv[2] ?? 100_000);
const tasksPerDay = Number(process.env.KV_BENCH_TASKS_PER_DAY ?? 3);
const batchSize = Number(process.env.KV_BENCH_BATCH ?? 5000);
const scratch = await openScratchDatabase('kv_bench_risk', { adminUrl, statementTimeoutMs: 20 * 60_000 });
const db = scratch.db;
const seeder = postgres(scratch.url, { max: 1, onnotice: () => undefined });


const now = new Date();
try {
  await migrate(db.migrationTarget);
  await timed(`seed ${patients} patients`, async () => {
    // The login is a superuser (bypasses RLS); foreign-key triggers are skipped for the bulk load only.
    await seeder.begin(async (s) => {
      await s.unsafe('SET LOCAL session_replication_role = replica');
      await s.unsafe(`insert into professionals (id, name) select gen_random_uuid(), 'Bench ' || g from generate_series(1, ${Math.ceil(patients / 100)}) g`);
      await s.unsafe(`
        insert into patients (id, professional_id, name, timezone)
        select gen_random_uuid(), pr.id, 'Paciente ' || g, (array['America/Sao_Paulo','America/Manaus','America/New_York','Europe/Lisbon','Asia/Tokyo'])[1 + g % 5]
        from generate_series(1, ${patients}) g
        join (select id, row_number() over (order by id) - 1 as n from professionals) pr on pr.n = (g - 1) / 100`);
      await s.unsafe(`create temp table bench_p as select id, professional_id, timezone, hashtext(id::text) & 1023 as h,
        (now() at time zone timezone)::date as today from patients`);
      // 31 days × (tasksPerDay + hydration), day by day across all patients; ~70 % of counted tasks done, worse for some.
      for (let d = 30; d >= 0; d -= 1) {
        await s.unsafe(`
          insert into daily_tasks (id, professional_id, patient_id, task_date, task_key, kind, title, target_ml, protocol_id, protocol_version)
          select gen_random_uuid(), p.professional_id, p.id, p.today - ${d}, 'k' || k, case when k = 0 then 'hydration' else 'meal' end,
            'Tarefa', case when k = 0 then 2000 end, p.id, 1
          from bench_p p cross join generate_series(0, ${tasksPerDay}) k`);
      }
      await s.unsafe(`
        insert into daily_task_completions (task_id, professional_id, patient_id, completed_at)
        select t.id, t.professional_id, t.patient_id, (t.task_date + time '12:00') at time zone 'UTC'
        from daily_tasks t join bench_p p on p.id = t.patient_id
        where t.kind <> 'hydration' and (hashtext(t.id::text) & 1023) < 400 + p.h / 2`);
      await s.unsafe(`
        insert into water_intake_logs (id, professional_id, patient_id, logged_at, log_date, amount_ml)
        select gen_random_uuid(), p.professional_id, p.id, ((p.today - d) + time '09:00' + make_interval(hours => 4 * i)) at time zone p.timezone, p.today - d,
          200 + (p.h + i * 37 + d * 11) % 500
        from generate_series(0, 9) d cross join bench_p p cross join generate_series(0, 2) i`);
      const formId = '00000000-0000-7000-8000-000000000001';
      await s.unsafe(`insert into checkin_forms (id, professional_id, name, created_by) select '${formId}', id, 'Semanal', id from professionals limit 1`);
      await s.unsafe(`
        insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at, missed_at, submitted_at, responses, next_transition_at)
        select gen_random_uuid(), p.professional_id, p.id, '${formId}', 1, c.status, c.due - interval '2 days', c.due, c.due + interval '2 days',
          case when c.status = 'missed' then c.due + interval '2 days' end,
          case when c.status = 'submitted' then c.due + make_interval(hours => ((p.h + w) % 60) - 20) end,
          case when c.status = 'submitted' then '{}'::jsonb end,
          case when c.status = 'pending' then c.due end
        from bench_p p cross join generate_series(0, 7) w
        cross join lateral (select now() - make_interval(days => 7 * w - 5) as due,
          case when w = 0 then 'pending' when (p.h + w * 97) % 10 < 2 then 'missed' else 'submitted' end as status) c`);
    });
    // The bulk load above skipped the triggers that keep the per-day summary (migrations/0014): rebuild it.
    await seeder.unsafe('select app_ctx.rebuild_daily_adherence_days()');
    await seeder.unsafe('vacuum analyze');
  });
  const counts = rowsOf<Record<string, number>>(await db.orm.execute(sql`select
    (select count(*)::int from patients) as patients, (select count(*)::int from daily_tasks) as daily_tasks,
    (select count(*)::int from daily_task_completions) as completions, (select count(*)::int from water_intake_logs) as water_logs,
    (select count(*)::int from checkins) as checkins, (select count(*)::int from daily_adherence_days) as adherence_days`))[0];
  console.log('rows', counts);

  const first = await timed(`full recalculation (one read, writes of ${batchSize})`, () => recalculateRiskNightly(db, { now, writeBatchSize: batchSize }));
  console.log('first run', first.value, `${Math.round(first.value.patients / (first.ms / 1000))} patients/s`);
  const second = await timed('rerun (nothing changes status)', () => recalculateRiskNightly(db, { now: new Date(now.getTime() + 60_000), writeBatchSize: batchSize }));
  console.log('rerun', second.value);
  const bands = rowsOf<{ band: string; status: string; n: number }>(await db.orm.execute(sql`
    select risk_band as band, status, count(*)::int as n from patients group by 1, 2 order by 1, 2`));
  console.log('bands', bands);

  const plan = await withSystemBypass(db, 'bench: explain', async (tx) => rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(
    sql`explain (analyze, buffers, costs off) ${riskSignalsQuery({ kind: 'all' }, now, { lock: false })}`)));
  console.log(`EXPLAIN (ANALYZE, BUFFERS) signals statement, all patients:`);
  for (const r of plan) console.log(r['QUERY PLAN']);
} finally {
  await seeder.end();
  await scratch.close();
}
