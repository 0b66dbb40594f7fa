/**
 * Issue 3 scenarios for `npm run bench`: the professional's CRM list (`GET /v1/patients`, first page with
 * filters) and the patient's day (`GET /v1/me/daily`).
 *
 * Seeding (after the foundation scenarios, so they run on the same database as before):
 * - 1 + BENCH_OTHER_PROS professionals registered through `POST /v1/auth/register` (default 50 others).
 * - The listed professional: BENCH_LOGIN_PATIENTS patients created through `POST /v1/patients` (default 50). Each
 *   gets an invite inserted directly, as tests/support/factories.ts createInvitedPatient does, is accepted through
 *   `POST /v1/invites/accept` (so it has a login), gets a protocol through `POST /v1/patients/{id}/protocols` and
 *   `POST /v1/protocols/{id}/activate` (tasks for today + 7 days materialized by the product), one task completion
 *   and one water log through the API.
 * - Volume, set-based SQL: the listed professional up to BENCH_PATIENTS_PER_PRO patients (default 2,000) and every
 *   other professional the same number, so RLS filters a table of about 102,000 patients. search_text and
 *   sort_name are written the way migration 0006 normalizes them (lower case, accents translated).
 *   Status, risk band/score and last activity are spread; a few soft-deleted rows are mixed in. Then ANALYZE.
 * - EXPLAIN (ANALYZE, BUFFERS) of the exact statements the repositories send (captured by running the product
 *   repository code over a recording postgres.js client), under `korevitta_app` with the tenant settings, once as
 *   postgres plans an unnamed statement (custom plan) and once with plan_cache_mode = force_generic_plan, which
 *   is what a prepared statement (ADR 0007) can switch to after five executions.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { createDailyStore, createPatientRepository, tables, type Orm } from '@korevitta/db';
import { inviteSecrets, ids } from '@korevitta/platform';
import { call, ipSequence, must, pool, registerProfessionals } from './http-seed.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const OTHER_PROS = num('BENCH_OTHER_PROS', 50);
export const PATIENTS_PER_PRO = num('BENCH_PATIENTS_PER_PRO', 2000);
export const LOGIN_PATIENTS = num('BENCH_LOGIN_PATIENTS', 50);
const PASSWORD = 'correct horse battery staple 42';

/** The list requests measured: the brief's filters, and a search that matches few rows (worst case: every row of the tenant is read). */
export const LIST_PATH = '/v1/patients?status=active&sort=risk&limit=20';
export const SEARCH_PATH = '/v1/patients?q=joao%20bench&limit=20';
/** A search that matches many rows: stops after the first page in name order (EXPLAIN only). */
const SEARCH_COMMON_Q = 'silva';

const PROTOCOL = {
  nutrition: {
    dailyTargets: { kcal: 2200, proteinG: 160, carbsG: 230, fatG: 70 },
    meals: [
      { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos', quantity: 2, unit: 'un' }, { food: 'Pão integral', quantity: 2, unit: 'fatia' }] },
      { key: 'lanche1', name: 'Lanche da manhã', time: '10:00', items: [{ food: 'Banana', quantity: 1, unit: 'un' }] },
      { key: 'almoco', name: 'Almoço', time: '12:30', items: [{ food: 'Arroz', quantity: 150, unit: 'g' }, { food: 'Feijão', quantity: 100, unit: 'g' }, { food: 'Frango', quantity: 150, unit: 'g' }] },
      { key: 'lanche2', name: 'Lanche da tarde', time: '16:00', items: [{ food: 'Iogurte', quantity: 1, unit: 'un' }] },
      { key: 'jantar', name: 'Jantar', time: '19:30', items: [{ food: 'Salada', quantity: 1, unit: 'prato' }] },
    ],
  },
  training: { sessions: [{ key: 'a', name: 'Treino A', weekdays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 60 }, { name: 'Supino', sets: 4, reps: 8, loadKg: 50 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00'] }, { key: 'omega3', name: 'Ômega 3', dose: 1, unit: 'capsule', times: ['12:30', '19:30'] }] },
  hydration: { dailyGoalMl: 2500 },
};

const nextIp = ipSequence(200);

export interface Issue3World {
  pro: { email: string; professionalId: string; accessToken: string };
  patients: Array<{ patientId: string; accessToken: string; refreshToken: string }>;
  counts: Record<string, number>;
  /** Logs in again / refreshes every patient token, so tokens are fresh (15 min lifetime) before a scenario. */
  renew(): Promise<void>;
}

export async function seedIssue3(baseUrl: string, dbUrl: string, log: (s: string) => void): Promise<Issue3World> {
  const t0 = Date.now();
  const tag = randomBytes(3).toString('hex');
  // 1. Professionals through the API.
  const { main, others } = await registerProfessionals(baseUrl, { emailPrefix: `bench3-${tag}`, name: 'Dra. Bench', password: PASSWORD, others: OTHER_PROS });
  const login = async (email: string) => must('login', await call('POST', `${baseUrl}/v1/auth/login`, { email, password: PASSWORD }, { 'x-forwarded-for': nextIp() }), 200);
  const pro = { ...main, accessToken: (await login(main.email)).accessToken as string };
  const proAuth = () => ({ authorization: `Bearer ${pro.accessToken}` });
  log(`  issue 3 seed: ${1 + OTHER_PROS} professionals registered (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // 2. Patients with logins and an active protocol, all through the API (invite rows inserted directly).
  const admin = postgres(dbUrl, { max: 2, onnotice: () => undefined });
  const patients: Issue3World['patients'] = [];
  try {
    // The free plan allows 5 active patients (migration 0041): the measured practice is on the unlimited plan.
    await admin`insert into subscriptions (professional_id, plan_code, status, created_at, updated_at)
      values (${pro.professionalId}, 'clinic', 'active', now(), now())
      on conflict (professional_id) do update set plan_code = 'clinic', status = 'active'`;
    await pool(Array.from({ length: LOGIN_PATIENTS }, (_, i) => i), 4, async (i) => {
      const email = `joao.bench.${tag}.${i}@example.com`;
      const created = must('create patient', await call('POST', `${baseUrl}/v1/patients`, { name: `João Bench ${String(i).padStart(3, '0')} da Conceição`, email }, proAuth()), 201);
      const token = inviteSecrets.generate();
      const now = new Date();
      await admin`insert into patient_invites (id, professional_id, patient_id, token_hash, expires_at, created_at, updated_at)
        values (${ids.newId()}, ${pro.professionalId}, ${created.id}, ${inviteSecrets.hash(token)}, ${new Date(now.getTime() + 7 * 86_400_000)}, ${now}, ${now})`;
      const accepted = must('accept invite', await call('POST', `${baseUrl}/v1/invites/accept`, { token, password: PASSWORD }), 201);
      const draft = must('create protocol', await call('POST', `${baseUrl}/v1/patients/${created.id}/protocols`, { name: 'Plano bench', content: PROTOCOL }, proAuth()), 201);
      must('activate', await call('POST', `${baseUrl}/v1/protocols/${draft.id}/activate`, undefined, proAuth()), 200);
      const patientAuth = { authorization: `Bearer ${accepted.accessToken}` };
      const day = must('me/daily', await call('GET', `${baseUrl}/v1/me/daily`, undefined, patientAuth), 200);
      const first = (day.tasks as Array<{ id: string; kind: string }>).find((t) => t.kind !== 'hydration');
      if (first) { const done = await call('POST', `${baseUrl}/v1/daily-tasks/${first.id}/completion`, undefined, patientAuth); if (done.status >= 300) throw new Error(`completion: ${done.status} ${JSON.stringify(done.body)}`); }
      const water = await call('POST', `${baseUrl}/v1/me/water-intake`, { amountMl: 500 }, patientAuth);
      if (water.status >= 300) throw new Error(`water: ${water.status} ${JSON.stringify(water.body)}`);
      patients.push({ patientId: created.id as string, accessToken: accepted.accessToken as string, refreshToken: accepted.refreshToken as string });
    });
    log(`  issue 3 seed: ${LOGIN_PATIENTS} patients with logins and active protocols through the API (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    // 3. Volume, set-based. Names: Brazilian first names and surnames, with accents.
    const firsts = ['João', 'Maria', 'José', 'Ana', 'Antônio', 'Francisca', 'Luís', 'Letícia', 'Sebastião', 'Conceição', 'Márcio', 'Beatriz', 'Júlia', 'André', 'Cecília', 'Fábio', 'Lúcia', 'Otávio', 'Simão', 'Inês'];
    const lasts = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Araújo', 'Conceição', 'Gonçalves', 'Pereira', 'Lima', 'Magalhães', 'Assunção', 'Brandão', 'Falcão', 'Guimarães', 'Sá', 'Simões', 'Ribeiro', 'Rocha', 'Calábria', 'Nóbrega'];
    const proIds = [pro.professionalId, ...others.map((o) => o.professionalId)];
    const t1 = Date.now();
    await admin.begin(async (tx) => {
      await tx`create temporary table bench_pros (idx int, professional_id uuid, n int) on commit drop`;
      await tx`insert into bench_pros ${tx(proIds.map((id, idx) => ({ idx, professional_id: id, n: idx === 0 ? PATIENTS_PER_PRO - LOGIN_PATIENTS : PATIENTS_PER_PRO })))}`;
      await tx`
        with gen as (
          select p.professional_id, g.i, (${firsts}::text[])[1 + (hashint4(g.i * 7 + p.idx) & 2147483647) % 20] as first,
            (${lasts}::text[])[1 + (hashint4(g.i * 13 + p.idx * 3) & 2147483647) % 20] as l1,
            (${lasts}::text[])[1 + (hashint4(g.i * 17 + p.idx * 5) & 2147483647) % 20] as l2,
            (hashint4(g.i * 31 + p.idx) & 2147483647) % 1000 as r
          from bench_pros p cross join lateral generate_series(1, p.n) g(i)
        ), named as (
          select *, first || ' ' || l1 || ' ' || l2 as name, 'p' || i || '.' || substr(md5(professional_id::text), 1, 6) || '@example.com' as email from gen
        )
        insert into patients (id, professional_id, name, email, timezone, status, risk_score, risk_band, last_activity_at,
          search_text, sort_name, created_at, updated_at, deleted_at)
        select gen_random_uuid(), professional_id, name, email, 'America/Sao_Paulo',
          case when r < 700 then 'active' when r < 800 then 'at_risk' when r < 900 then 'paused' else 'archived' end,
          case when r % 5 = 0 then null else (r * 7) % 101 end,
          case when r % 5 = 0 then null when (r * 7) % 101 > 70 then 'high' when (r * 7) % 101 > 35 then 'moderate' else 'low' end,
          case when r % 7 = 0 then null else now() - ((r * 37) % 43200) * interval '1 minute' end,
          translate(lower(name || ' ' || email), 'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn'),
          translate(lower(name), 'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn'),
          now() - (r || ' hours')::interval, now(), case when r % 50 = 1 then now() else null end
        from named`;
    });
    await admin`analyze patients`;
    await admin`analyze daily_tasks`;
    await admin`analyze users`;
    const [c] = await admin`select count(*)::int as patients, count(*) filter (where professional_id = ${pro.professionalId})::int as mine,
      count(*) filter (where professional_id = ${pro.professionalId} and deleted_at is null and status = 'active')::int as mine_active,
      (select count(*)::int from daily_tasks) as daily_tasks, (select count(*)::int from professionals) as professionals from patients`;
    log(`  issue 3 seed: set-based patients in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${JSON.stringify(c)}`);
    const counts = c as unknown as Record<string, number>;

    const world: Issue3World = {
      pro, patients, counts,
      async renew() {
        pro.accessToken = (await login(pro.email)).accessToken as string;
        await pool(patients, 4, async (p) => {
          const r = must('refresh', await call('POST', `${baseUrl}/v1/auth/refresh`, { refreshToken: p.refreshToken }), 200);
          p.accessToken = r.accessToken as string;
          p.refreshToken = r.refreshToken as string;
        });
      },
    };
    // Sanity: the list and the search answer through the API.
    const list = must('list', await call('GET', `${baseUrl}${LIST_PATH}`, undefined, proAuth()), 200);
    const search = must('search', await call('GET', `${baseUrl}${SEARCH_PATH}`, undefined, proAuth()), 200);
    log(`  issue 3 seed: list page ${JSON.stringify(list).length} bytes (${(list.items ?? list.data ?? []).length} items), search ${(search.items ?? search.data ?? []).length} items`);
    return world;
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------- EXPLAIN

/** Runs product repository code over a postgres.js client that records the statements it sends. */
export async function captureStatements(dbUrl: string, run: (orm: Orm) => Promise<unknown>): Promise<Array<{ text: string; params: unknown[] }>> {
  const client = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const seen: Array<{ text: string; params: unknown[] }> = [];
  const recording = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') return (text: string, params?: unknown[], options?: object) => { seen.push({ text, params: params ?? [] }); return target.unsafe(text, params as never[], options); };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  try {
    // As the bench superuser (RLS bypassed): only the statement text and parameters are kept.
    await run(drizzle({ client: recording as unknown as postgres.Sql, schema: tables }) as unknown as Orm);
  } finally {
    await client.end();
  }
  return seen;
}

const literal = (v: unknown) => (typeof v === 'number' ? String(v) : v === null ? 'null' : `'${String(v).replace(/'/g, "''")}'`);

export async function explainUnder(dbUrl: string, settings: { userId: string; role: string; professionalId: string; patientId: string }, stmt: { text: string; params: unknown[] }) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  try {
    return await sql.begin(async (tx) => {
      await tx`select set_config('role', 'korevitta_app', true), set_config('app.user_id', ${settings.userId}, true), set_config('app.role', ${settings.role}, true),
        set_config('app.professional_id', ${settings.professionalId}, true), set_config('app.patient_id', ${settings.patientId}, true)`;
      const plan = async () => (await tx.unsafe(`explain (analyze, buffers) ${stmt.text}`, stmt.params as never[])).map((r) => String(r['QUERY PLAN'])).join('\n');
      // Warm the cache, then the measured run (custom plan: postgres sees the parameter values).
      await plan();
      const custom = await plan();
      // The generic plan a prepared statement may switch to after 5 runs (parameters unknown to the planner).
      await tx.unsafe(`prepare bench_q as ${stmt.text}`);
      await tx.unsafe(`set local plan_cache_mode = force_generic_plan`);
      const exec = `explain (analyze, buffers) execute bench_q(${stmt.params.map(literal).join(', ')})`;
      await tx.unsafe(exec);
      const generic = (await tx.unsafe(exec)).map((r) => String(r['QUERY PLAN'])).join('\n');
      return { custom, generic };
    });
  } finally {
    await sql.end();
  }
}

/**
 * TEST-CATALOG 26: the list query under RLS against the same query with an explicit tenant WHERE (run as
 * korevitta_system, whose policy is USING (true)). n sequential runs of each, prepared as the app sends them
 * (ADR 0007), in one transaction per variant; returns server round-trip percentiles in ms.
 */
async function rlsVersusExplicit(dbUrl: string, settings: { userId: string; role: string; professionalId: string; patientId: string }, stmt: { text: string; params: unknown[] }, n = 400) {
  const explicitText = stmt.text.replace(' where (', ` where "patients"."professional_id" = $${stmt.params.length + 1} and (`);
  const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const variant = async (role: string, text: string, params: unknown[]) => sql.begin(async (tx) => {
    await tx`select set_config('role', ${role}, true), set_config('app.user_id', ${settings.userId}, true), set_config('app.role', ${settings.role}, true),
      set_config('app.professional_id', ${settings.professionalId}, true), set_config('app.patient_id', ${settings.patientId}, true)`;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < n + 20; i++) {
      const t = performance.now();
      rows = (await tx.unsafe(text, params as never[], { prepare: true })).length;
      if (i >= 20) times.push(performance.now() - t);
    }
    const plan = (await tx.unsafe(`explain (analyze, buffers) ${text}`, params as never[])).map((r) => String(r['QUERY PLAN'])).join('\n');
    times.sort((a, b) => a - b);
    const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! * 1000) / 1000;
    return { rows, p50: at(0.5), p95: at(0.95), p99: at(0.99), plan };
  });
  try {
    const rls = await variant('korevitta_app', stmt.text, stmt.params);
    const explicit = await variant('korevitta_system', explicitText, [...stmt.params, settings.professionalId]);
    return { rls, explicit, explicitText };
  } finally {
    await sql.end();
  }
}

export async function explainIssue3(dbUrl: string, world: Issue3World, resultsDir: string): Promise<string> {
  const [me] = await (async () => {
    const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
    try {
      return await sql`select u.id as user_id, p.user_id as patient_user_id, p.id as patient_id from users u, patients p
        where u.professional_id = ${world.pro.professionalId} and u.role = 'professional' and p.id = ${world.patients[0]!.patientId}`;
    } finally { await sql.end(); }
  })();
  const proSettings = { userId: String(me!.user_id), role: 'professional', professionalId: world.pro.professionalId, patientId: '' };
  const patientSettings = { userId: String(me!.patient_user_id), role: 'patient', professionalId: world.pro.professionalId, patientId: String(me!.patient_id) };
  const base = { riskBands: null, after: null, limit: 20 } as const;
  const cases = [
    { name: 'list: status=active&sort=risk&limit=20', settings: proSettings, run: (orm: Orm) => createPatientRepository(orm).list({ ...base, statuses: ['active'], q: null, sort: 'risk', order: 'desc' }) },
    { name: 'search (rare): q=joao bench&limit=20 (sort name)', settings: proSettings, run: (orm: Orm) => createPatientRepository(orm).list({ ...base, statuses: null, q: 'joao bench', sort: 'name', order: 'asc' }) },
    { name: `search (common): q=${SEARCH_COMMON_Q}&limit=20 (sort name)`, settings: proSettings, run: (orm: Orm) => createPatientRepository(orm).list({ ...base, statuses: null, q: SEARCH_COMMON_Q, sort: 'name', order: 'asc' }) },
    { name: 'my day: daily_tasks + completions + water of today', settings: patientSettings, run: (orm: Orm) => createDailyStore(orm).day(String(me!.patient_id), new Date().toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' })) },
  ];
  const out: string[] = [];
  const guard: string[] = [];
  for (const c of cases) {
    const stmts = await captureStatements(dbUrl, c.run);
    const stmt = stmts.at(-1)!;
    const { custom, generic } = await explainUnder(dbUrl, c.settings, stmt);
    out.push(`### ${c.name}`, '', 'SQL:', stmt.text, `params: ${JSON.stringify(stmt.params)}`, '', '-- custom plan (parameter values known):', custom, '', '-- generic plan (plan_cache_mode = force_generic_plan):', generic, '');
    if (c.name.startsWith('list') || c.name.startsWith('search')) {
      const g = await rlsVersusExplicit(dbUrl, c.settings, stmt);
      const line = `${c.name}: RLS p50 ${g.rls.p50} p95 ${g.rls.p95} p99 ${g.rls.p99} ms (${g.rls.rows} rows); explicit WHERE (korevitta_system) p50 ${g.explicit.p50} p95 ${g.explicit.p95} p99 ${g.explicit.p99} ms (${g.explicit.rows} rows); p95 ratio ${(g.rls.p95 / g.explicit.p95).toFixed(2)}`;
      guard.push(line);
      out.push(`-- TEST-CATALOG 26 guard, 400 prepared runs each: ${line}`, '', '-- explicit WHERE plan:', g.explicitText, g.explicit.plan, '');
    }
  }
  out.unshift('## TEST-CATALOG 26 guard (query round trip, prepared, sequential)', ...guard, '');
  const text = out.join('\n');
  await writeFile(path.join(resultsDir, 'explain-issue3.txt'), text);
  return text;
}
