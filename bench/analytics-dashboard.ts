/**
 * Benchmark of mv_patient_dashboard (issue 12, docs/BENCHMARKS.md "Dashboard view"): the refresh over 100,000
 * patients (target < 10 s) and GET /v1/dashboard at 200 requests/s (target p99 < 30 ms).
 *
 *   npx tsx bench/analytics-dashboard.ts [patients]
 *   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default); BENCH_RATE (200), BENCH_DURATION (15 s)
 *
 * Creates a scratch database, migrates it, registers one professional over HTTP, and seeds set-based `patients`
 * (default 100,000) patients in tenants of 100 (the registered professional owns the first 100): statuses
 * (~70 % active, 15 % at risk with explained factors, 10 % paused, 5 % archived), activity times, 31 days of
 * daily_adherence_days per patient (3,100,000 rows, the summary the view reads) and two check-ins per patient
 * (one submitted awaiting review, one reviewed). Times three CONCURRENTLY refreshes, then runs autocannon
 * against the real local host in a child process (bench/app-server.ts) at a fixed rate. Drops the database
 * unless KV_BENCH_KEEP_DB is set.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { migrate, refreshAnalyticsView, rowsOf, withTenant } from '@korevitta/db';
import { generateSigningKeysJson } from '@korevitta/platform';
import { openScratchDatabase, timed } from './scratch-db.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const patients = Number(process.argv[2] ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const scratch = await openScratchDatabase('kv_bench_dash', { adminUrl, statementTimeoutMs: 20 * 60_000 });
const seeder = postgres(scratch.url, { max: 1, onnotice: () => undefined });
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

const keys = await generateSigningKeysJson('bench-key');
const child = fork(path.join(here, 'app-server.ts'), [], {
  execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, BENCH_DATABASE_URL: scratch.url, BENCH_JWT_PRIVATE_KEYS: keys, BENCH_JWT_ISSUER: 'https://auth.korevitta.bench', BENCH_JWT_AUDIENCE: 'korevitta-api', BENCH_POOL_MAX: '10' },
});
try {
  console.log(`load average (1/5/15 min) at start: ${load()}`);
  await migrate(scratch.db.migrationTarget);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app server did not start in 120 s')), 120_000);
    child.on('message', (m: { type?: string; url?: string }) => { if (m?.type === 'ready' && m.url) { clearTimeout(timer); resolve(m.url); } });
  });
  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.8.7', ...headers }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, string>>);
  await post('/v1/auth/register', { email: 'dash@bench.example', password: 'correct horse battery staple 42', name: 'Bench' });
  const { accessToken } = await post('/v1/auth/login', { email: 'dash@bench.example', password: 'correct horse battery staple 42' });

  await timed(`seed ${patients} patients`, async () => {
    await seeder.begin(async (s) => {
      await s.unsafe('SET LOCAL session_replication_role = replica');
      await s.unsafe(`insert into professionals (id, name) select gen_random_uuid(), 'Bench ' || g from generate_series(2, ${Math.ceil(patients / 100)}) g`);
      await s.unsafe(`
        insert into patients (id, professional_id, name, timezone, status, risk_score, risk_band, risk_factors, last_activity_at, created_at)
        select gen_random_uuid(), pr.id, 'Paciente ' || g, 'America/Sao_Paulo',
          case when g % 20 = 0 then 'archived' when g % 10 = 1 then 'paused' when g % 7 = 2 then 'at_risk' else 'active' end,
          (g * 37) % 101, case when (g * 37) % 101 >= 60 then 'high' when (g * 37) % 101 >= 30 then 'moderate' else 'low' end,
          jsonb_build_array(jsonb_build_object('factor', 'inactivity', 'value', g % 20, 'contribution', g % 30, 'explanation', 'x'),
                            jsonb_build_object('factor', 'missed_checkins', 'value', g % 4, 'contribution', g % 25, 'explanation', 'x')),
          now() - make_interval(hours => g % 500), now() - interval '60 days'
        from generate_series(1, ${patients}) g
        join (select id, row_number() over (order by name = 'Bench' desc, id) - 1 as n from professionals) pr on pr.n = (g - 1) / 100`);
      await s.unsafe(`insert into checkin_forms (id, professional_id, name, created_by) select gen_random_uuid(), id, 'Semanal', id from professionals`);
      await s.unsafe(`
        insert into daily_adherence_days (patient_id, professional_id, day, total, done, goal_ml, water_ml)
        select p.id, p.professional_id, current_date - d, 3, (hashtext(p.id::text || d) & 3) % 4, 2000, 1500
        from patients p cross join generate_series(1, 31) d`);
      await s.unsafe(`
        insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at, submitted_at, responses, reviewed_at)
        select gen_random_uuid(), p.professional_id, p.id, f.id, 1, s.status, now() - s.due - interval '2 days', now() - s.due, now() - s.due + interval '2 days',
          now() - s.due + interval '1 hour', '{}'::jsonb, case when s.status = 'reviewed' then now() - s.due + interval '5 hours' end
        from patients p join checkin_forms f on f.professional_id = p.professional_id
        cross join (values ('submitted', interval '3 days'), ('reviewed', interval '10 days')) s(status, due)`);
    });
    await seeder.unsafe('analyze');
  });
  for (let i = 1; i <= 3; i += 1) {
    const r = await timed(`refresh ${i} (concurrently)`, () => refreshAnalyticsView(scratch.db, 'mv_patient_dashboard'));
    if (r.value.outcome !== 'refreshed') throw new Error('refresh skipped');
  }
  console.log(`load average after the refreshes: ${load()}`);
  // The read statement's plan as the professional (RLS on), then the endpoint and, for the machine's state at the
  // same moment, GET /v1/me (one indexed read through the same pipeline) at the same rate.
  const tenant = { userId: '', role: 'professional' as const, professionalId: '', patientId: null };
  const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': '10.9.8.7' } }).then((r) => r.json() as Promise<{ user: { id: string }; professional: { id: string } }>);
  Object.assign(tenant, { userId: me.user.id, professionalId: me.professional.id });
  const plan = await withTenant(scratch.db, tenant, async (tx) => rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql`
    explain (analyze, buffers) select d.*, (select jsonb_agg(e.x || jsonb_build_object('name', p.name) order by e.ord)
      from jsonb_array_elements(d.at_risk) with ordinality e(x, ord) join patients p on p.id = (e.x->>'patientId')::uuid and p.deleted_at is null)
    from app_ctx.patient_dashboard() d`)));
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  for (const route of ['/v1/dashboard', '/v1/me', '/v1/dashboard']) {
    const result = await new Promise<Result>((resolve, reject) => {
      autocannon({
        url: `${url}${route}`, connections: 10, overallRate: RATE, duration: DURATION, timeout: 10,
        headers: { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': '10.9.8.7' },
      }, (err, res) => (err ? reject(err) : resolve(res)));
    });
    console.log(`GET ${route} at ${RATE} rps for ${DURATION} s: ${result.requests.total} requests, ${result.non2xx} non-2xx, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; load ${load()}`);
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  child.send('stop');
  await seeder.end();
  await scratch.close();
}
