/**
 * Benchmark of the analytics views (issue 12, docs/BENCHMARKS.md "Dashboard view" and "Protocol effectiveness
 * view"): the refresh of mv_patient_dashboard and of mv_protocol_effectiveness over 100,000 patients (target < 10 s
 * each) and GET /v1/dashboard at 200 requests/s (target p99 < 30 ms), beside the bare-server baseline of
 * bench/run.ts (bench/baseline-server.ts: GET /v1/me on node:http + postgres.js) at the same rate in the same run.
 *
 *   npx tsx bench/analytics-dashboard.ts [patients]
 *   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default); BENCH_RATE (200), BENCH_DURATION (15 s)
 *
 * Creates a scratch database, migrates it, registers one professional over HTTP, and seeds set-based `patients`
 * (default 100,000) patients in tenants of 100 (the registered professional owns the first 100): statuses
 * (~70 % active, 15 % at risk with explained factors, 10 % paused, 5 % archived), activity times, 31 days of
 * daily_adherence_days per patient (3,100,000 rows, the summary both views read), eight check-ins per patient
 * (one submitted awaiting review, one reviewed, six weekly ones before, reviewed or missed), five protocol
 * templates per tenant and one protocol per patient (80 % from a template; 70 % active for 20–59 days, 30 %
 * archived) and four body measurements per patient (weight and body fat, 15 days apart). Times three CONCURRENTLY
 * refreshes of each view, then runs autocannon at a fixed rate against the baseline server and the real local
 * host, each in a child process. Drops the database unless KV_BENCH_KEEP_DB is set.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { ANALYTICS_VIEWS, migrate, refreshAnalyticsView, rowsOf, withTenant } from '@korevitta/db';
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
const serverEnv = { ...process.env, BENCH_DATABASE_URL: scratch.url, BENCH_JWT_PRIVATE_KEYS: keys, BENCH_JWT_ISSUER: 'https://auth.korevitta.bench', BENCH_JWT_AUDIENCE: 'korevitta-api', BENCH_POOL_MAX: '10', BENCH_RATE_LIMIT: '10000000' };
const children = ['app-server.ts', 'baseline-server.ts'].map((script) => fork(path.join(here, script), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: serverEnv }));
const ready = (child: ChildProcess) => new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('a server did not start in 120 s')), 120_000);
  child.on('message', (m: { type?: string; url?: string }) => { if (m?.type === 'ready' && m.url) { clearTimeout(timer); resolve(m.url); } });
});
try {
  console.log(`load average (1/5/15 min) at start: ${load()}`);
  await migrate(scratch.db.migrationTarget);
  const [url, baselineUrl] = await Promise.all(children.map(ready)) as [string, string];
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
      await s.unsafe(`
        insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at, submitted_at, responses, reviewed_at, missed_at)
        select gen_random_uuid(), p.professional_id, p.id, f.id, 1, c.status, c.due - interval '2 days', c.due, c.due + interval '2 days',
          case when c.status = 'reviewed' then c.due + interval '1 hour' end, case when c.status = 'reviewed' then '{}'::jsonb end,
          case when c.status = 'reviewed' then c.due + interval '5 hours' end, case when c.status = 'missed' then c.due + interval '2 days' end
        from patients p join checkin_forms f on f.professional_id = p.professional_id
        cross join generate_series(1, 6) w
        cross join lateral (select now() - make_interval(days => 10 + 7 * w) as due,
          case when abs(hashtext(p.id::text || w)) % 4 = 0 then 'missed' else 'reviewed' end as status) c`);
      await s.unsafe(`insert into protocol_templates (id, professional_id, name, content) select gen_random_uuid(), id, 'Modelo ' || t, '{}'::jsonb from professionals cross join generate_series(1, 5) t`);
      await s.unsafe(`
        with t as (select id, professional_id, row_number() over (partition by professional_id order by id) - 1 as n from protocol_templates),
        p as (select id, professional_id, abs(hashtext(id::text)) as h from patients)
        insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at, archived_at, template_id, created_at)
        select gen_random_uuid(), p.professional_id, p.id, 'Plano', case when p.h % 10 < 7 then 'active' else 'archived' end, '{}'::jsonb, 1,
          now() - make_interval(days => 20 + (p.h % 40)::int), case when p.h % 10 < 7 then null else now() - make_interval(days => 1 + (p.h % 15)::int) end,
          case when (p.h / 5) % 5 = 0 then null else t.id end, now() - interval '60 days'
        from p join t on t.professional_id = p.professional_id and t.n = p.h % 5`);
      await s.unsafe(`
        insert into body_measurements (id, professional_id, patient_id, measured_on, weight_kg, body_fat_pct, recorded_by_role, recorded_by_user_id)
        select gen_random_uuid(), p.professional_id, p.id, current_date - (50 - 15 * k),
          round((60 + abs(hashtext(p.id::text)) % 40 - 0.6 * k)::numeric, 2), round((20 + abs(hashtext(p.id::text)) % 15 - 0.4 * k)::numeric, 1),
          'professional', p.professional_id
        from patients p cross join generate_series(0, 3) k`);
    });
    await seeder.unsafe('analyze');
  });
  for (const view of ANALYTICS_VIEWS) {
    for (let i = 1; i <= 3; i += 1) {
      const r = await timed(`${view} refresh ${i} (concurrently), load ${load()}`, () => refreshAnalyticsView(scratch.db, view));
      if (r.value.outcome !== 'refreshed') throw new Error('refresh skipped');
    }
  }
  // The same refresh's CPU time, which the machine's load does not stretch the way it stretches wall time: one
  // backend (the seeder's connection, no parallel workers), utime + stime from /proc (Postgres runs on this host).
  await seeder.unsafe('set max_parallel_workers_per_gather = 0');
  const pid = (await seeder<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
  const ticks = async () => { const f = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
  for (const view of ANALYTICS_VIEWS) {
    const before = await ticks();
    const started = performance.now();
    await seeder.unsafe(`refresh materialized view concurrently analytics.${view}`);
    console.log(`${view} refresh, one backend without parallel workers: CPU ${((await ticks() - before) / 100).toFixed(2)} s, wall ${((performance.now() - started) / 1000).toFixed(2)} s, load ${load()}`);
  }
  await seeder.unsafe('reset max_parallel_workers_per_gather');
  const rows = await seeder`select (select count(*) from analytics.mv_patient_dashboard)::int as dashboard, (select count(*) from analytics.mv_protocol_effectiveness)::int as effectiveness`;
  console.log(`view rows: ${JSON.stringify(rows[0])}`);
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
  const effectivenessPlan = await withTenant(scratch.db, tenant, async (tx) => rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql`
    explain (analyze, buffers) select e.*, coalesce(t.name, p.name) from app_ctx.protocol_effectiveness(null, null, 21) e
      left join protocol_templates t on e.templated and t.id = e.group_id left join protocols p on not e.templated and p.id = e.group_id`)));
  console.log(effectivenessPlan.map((r) => r['QUERY PLAN']).join('\n'));
  // The bare baseline (GET /v1/me without the pipeline) first and last, so the machine's state at the time of the
  // product routes is bracketed.
  const scenarios: [string, string, string][] = [
    ['baseline', baselineUrl, '/v1/me'], ['app', url, '/v1/dashboard'], ['app', url, '/v1/me'],
    ['app', url, '/v1/analytics/protocol-effectiveness'], ['app', url, '/v1/dashboard'], ['baseline', baselineUrl, '/v1/me'],
  ];
  for (const [server, base, route] of scenarios) {
    const result = await new Promise<Result>((resolve, reject) => {
      autocannon({
        url: `${base}${route}`, connections: 10, overallRate: RATE, duration: DURATION, timeout: 10,
        headers: { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': '10.9.8.7' },
      }, (err, res) => (err ? reject(err) : resolve(res)));
    });
    console.log(`${server} GET ${route} at ${RATE} rps for ${DURATION} s: ${result.requests.total} requests, ${result.non2xx} non-2xx, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; load ${load()}`);
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  for (const child of children) child.send('stop');
  await seeder.end();
  await scratch.close();
}
