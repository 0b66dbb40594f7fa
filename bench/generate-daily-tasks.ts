/**
 * Benchmark of `generate_daily_tasks` (issue 3, docs/BENCHMARKS.md "generate_daily_tasks").
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/generate-daily-tasks.ts [patients]
 *
 * Creates a scratch database, migrates it, seeds `patients` (default 100,000) patients with an active protocol
 * set-based (no per-row round trips), then times the first run (materializes today + 7 days for everyone)
 * and a second run (nothing to do). Drops the scratch database at the end unless KV_BENCH_KEEP_DB is set.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openScratchDatabase, seconds, timed } from './scratch-db.ts';
import { generateDailyTasks, migrate, rowsOf } from '@korevitta/db';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('DATABASE_URL (a real Postgres) is required');
  process.exit(2);
}
const patients = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.env.KV_BENCH_BATCH ?? 2000);
// Issue 9: concurrent sweeps. Each value is measured on the same seed (tasks, horizons and the summary are
// emptied between them), so "1,2" compares the sequential job with two workers in one run.
const workerCounts = (process.env.KV_BENCH_WORKERS ?? '2').split(',').map(Number);
const scratch = await openScratchDatabase('kv_bench_daily', { adminUrl, statementTimeoutMs: 10 * 60_000 });
const db = scratch.db;


try {
  await migrate(db.migrationTarget);
  // One content: two meals a day and a session on Monday and Thursday, about 10 tasks per patient over 8 days
  // (8 × 1 meal + 2–3 sessions); a few time zones so "today" differs between patients.
  const content = JSON.stringify({
    nutrition: { dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 }, meals: [{ key: 'almoco', name: 'Almoço', time: '12:30', items: [] }] },
    training: { sessions: [{ key: 'a', name: 'Treino A', weekdays: ['mon', 'thu'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10 }] }] },
  });
  await timed(`seed ${patients} patients with active protocols`, async () => {
    await db.orm.execute(sql`insert into professionals (id, name) select gen_random_uuid(), 'Bench ' || g from generate_series(1, ${Math.ceil(patients / 100)}::int) g`);
    await db.orm.execute(sql`
      insert into patients (id, professional_id, name, email, timezone)
      select gen_random_uuid(), pr.id, 'Paciente ' || g, null,
        (array['America/Sao_Paulo','America/Manaus','America/New_York','Europe/Lisbon','Asia/Tokyo'])[1 + g % 5]
      from generate_series(1, ${patients}::int) g
      join (select id, row_number() over (order by id) - 1 as n from professionals) pr on pr.n = (g - 1) / 100`);
    await db.orm.execute(sql`
      insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
      select gen_random_uuid(), p.professional_id, p.id, 'Protocolo', 'active', ${content}::jsonb, 1, now() from patients p`);
    await db.orm.execute(sql`
      insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by)
      select gen_random_uuid(), pr.professional_id, pr.id, 1, pr.content, pr.professional_id from protocols pr`);
    await db.orm.execute(sql`analyze`);
  });
  const now = new Date();
  for (const [i, workers] of workerCounts.entries()) {
    if (i > 0) {
      await db.orm.execute(sql`truncate daily_task_completions, daily_tasks, daily_task_horizons, daily_adherence_days`);
      await db.orm.execute(sql`checkpoint`);
    }
    const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const loadBefore = load();
    const first = await timed(`first run, ${workers} worker(s) (materialize today + 7 days)`, () => generateDailyTasks(db, { now, horizonDays: 7, batchSize, workers }));
    const second = await timed(`second run, ${workers} worker(s) (nothing to do)`, () => generateDailyTasks(db, { now, horizonDays: 7, batchSize, workers }));
    const [row] = rowsOf<{ n: number }>(await db.orm.execute(sql`select count(*)::int as n from daily_tasks`));
    console.log(JSON.stringify({ patients, batchSize, workers, tasks: row?.n, loadBefore, loadAfter: load(), first: { ...first.value, seconds: Number(seconds(first.ms)) }, second: { ...second.value, seconds: Number(seconds(second.ms)) } }));
  }
} finally {
  await scratch.close();
}
