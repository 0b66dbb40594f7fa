/**
 * Benchmark of `check_missed_checkins` (issue 4, docs/BENCHMARKS.md "check_missed_checkins").
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/sweep-checkins.ts [patients] [due]
 *
 * Creates a scratch database, migrates it, seeds set-based `patients` (default 100,000) patients, each with a
 * weekly schedule and 10 check-ins over ten weeks (1,000,000 rows in monthly partitions: 9 closed, 1 open),
 * and makes `due` (default 10,000) of the open ones due now, a third each at their open, due and grace-end
 * step. Then times one sweep (every due row moved, next instances created for the missed ones with their
 * timing messages and risk recalculation requests) and a second sweep (nothing due). Drops the database at
 * the end unless KV_BENCH_KEEP_DB is set.
 */
import { sql } from 'drizzle-orm';
import { openScratchDatabase, timed } from './scratch-db.ts';
import { migrate, rowsOf, sweepCheckins } from '@korevitta/db';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('DATABASE_URL (a real Postgres) is required');
  process.exit(2);
}
const patients = Number(process.argv[2] ?? 100_000);
const due = Number(process.argv[3] ?? 10_000);
const batchSize = Number(process.env.KV_BENCH_BATCH ?? 5000);
const scratch = await openScratchDatabase('kv_bench_sweep', { adminUrl, statementTimeoutMs: 10 * 60_000 });
const db = scratch.db;


// "Now" of the sweep: a Wednesday 12:00Z; every patient's weekly check-in is due Wednesdays at 09:00 local
// (São Paulo, 12:00Z). Week k (k = -9..0) is the k-th Wednesday before; week 0 is the open one.
const NOW = new Date('2027-03-10T12:00:00.000Z');

try {
  await migrate(db.migrationTarget);
  await timed(`seed ${patients} patients, schedules and ${patients * 10} check-ins`, async () => {
    for (const month of ['2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01']) {
      await db.orm.execute(sql`select app_ctx.ensure_monthly_partitions('checkins', ${month}::date, 1)`);
    }
    await db.orm.execute(sql`insert into professionals (id, name) select gen_random_uuid(), 'Bench ' || g from generate_series(1, ${Math.ceil(patients / 100)}::int) g`);
    await db.orm.execute(sql`
      insert into patients (id, professional_id, name, email, timezone)
      select gen_random_uuid(), pr.id, 'Paciente ' || g, null, 'America/Sao_Paulo'
      from generate_series(1, ${patients}::int) g
      join (select id, row_number() over (order by id) - 1 as n from professionals) pr on pr.n = (g - 1) / 100`);
    await db.orm.execute(sql`
      insert into checkin_forms (id, professional_id, name, created_by) select gen_random_uuid(), id, 'Semanal', id from professionals`);
    await db.orm.execute(sql`
      insert into checkin_form_versions (form_id, version, professional_id, form_schema, created_by)
      select id, 1, professional_id, '{"questions":[{"id":"peso","type":"number","label":"Peso","required":true}]}'::jsonb, professional_id from checkin_forms`);
    await db.orm.execute(sql`
      insert into checkin_schedules (patient_id, professional_id, form_id, cadence, due_time, grace_hours, anchor_date, updated_by)
      select p.id, p.professional_id, f.id, 'weekly', '09:00', 24, '2026-12-30', p.professional_id
      from patients p join checkin_forms f on f.professional_id = p.professional_id`);
    // Nine closed weeks: mostly submitted (some late), some missed.
    await db.orm.execute(sql`
      insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at,
        opened_at, late_at, missed_at, submitted_at, submitted_late, responses, next_transition_at)
      select gen_random_uuid(), s.professional_id, s.patient_id, s.form_id, 1,
        case when (h + k) % 10 = 0 then 'missed' else 'submitted' end,
        d - interval '1 day', d, d + interval '24 hours',
        d - interval '1 day',
        case when (h + k) % 10 = 0 or (h + k) % 7 = 0 then d end,
        case when (h + k) % 10 = 0 then d + interval '24 hours' end,
        case when (h + k) % 10 = 0 then null when (h + k) % 7 = 0 then d + interval '5 hours' else d - interval '3 hours' end,
        case when (h + k) % 10 = 0 then null else (h + k) % 7 = 0 end,
        case when (h + k) % 10 = 0 then null else '{"peso":80}'::jsonb end,
        null
      from (select patient_id, professional_id, form_id, abs(hashtext(patient_id::text)) as h from checkin_schedules) s
      cross join generate_series(1, 9) k
      cross join lateral (select ${NOW.toISOString()}::timestamptz - make_interval(days => 7 * k) as d) dd`);
    // The open week: not due yet for most (opens tomorrow); `due` of them due now, a third at each step.
    await db.orm.execute(sql`
      with ranked as (select patient_id, professional_id, form_id, row_number() over (order by patient_id) as n from checkin_schedules)
      insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at, opened_at, late_at, next_transition_at)
      select gen_random_uuid(), professional_id, patient_id, form_id, 1, st, o, d, g,
        case when st <> 'scheduled' then o end, case when st = 'late' then d end,
        case st when 'scheduled' then o when 'pending' then d else g end
      from ranked
      cross join lateral (select
        case when n > ${due} then 'scheduled' when n % 3 = 0 then 'scheduled' when n % 3 = 1 then 'pending' else 'late' end as st,
        case when n > ${due} then ${NOW.toISOString()}::timestamptz + interval '1 day'
             when n % 3 = 0 then ${NOW.toISOString()}::timestamptz - interval '1 hour'
             when n % 3 = 1 then ${NOW.toISOString()}::timestamptz - interval '25 hours'
             else ${NOW.toISOString()}::timestamptz - interval '49 hours' end as o) x
      cross join lateral (select o + interval '1 day' as d, o + interval '2 days' as g) y`);
    await db.orm.execute(sql`analyze`);
  });
  const [counts] = rowsOf<{ total: number; due: number }>(await db.orm.execute(sql`
    select count(*)::int as total, count(*) filter (where next_transition_at <= ${NOW.toISOString()}::timestamptz)::int as due from checkins`));
  console.log(`check-ins: ${counts?.total}, due now: ${counts?.due}`);

  const first = await timed('sweep (first run)', () => sweepCheckins(db, { now: NOW, batchSize }));
  console.log(JSON.stringify(first.value));
  const second = await timed('sweep (second run, nothing due)', () => sweepCheckins(db, { now: NOW, batchSize }));
  console.log(JSON.stringify(second.value));
  const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.orm.execute(sql`
    explain (analyze, buffers) select patient_id, due_at from checkins where next_transition_at <= ${NOW.toISOString()}::timestamptz
    order by next_transition_at limit ${batchSize}`));
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
} finally {
  await scratch.close();
}
