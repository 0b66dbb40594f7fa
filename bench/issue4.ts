/**
 * Issue 4 scenarios for `npm run bench`: communication (the professional's inbox of conversations, a busy
 * thread's messages, a patient's threads). Same shape as bench/issue3.ts; run.ts builds one scenario per entry
 * of ISSUE4_ENDPOINTS, so a later endpoint (the check-in inbox) is one more entry there plus its seed step.
 *
 * Seeding (on the bench database, after the foundation scenarios):
 * - 1 + BENCH_I4_OTHER_PROS professionals registered through `POST /v1/auth/register` (default 10 others).
 * - The measured professional: BENCH_I4_LOGIN_PATIENTS patients (default 20) created through `POST /v1/patients`,
 *   each with an invite inserted directly (as tests/support/factories.ts createInvitedPatient does) and accepted
 *   through `POST /v1/invites/accept`, so it has a login. Through the API: the professional opens the general
 *   thread (`POST /v1/threads`, 201), the patient opens it too (200, the same thread), and both post a message
 *   (`POST /v1/threads/{id}/messages`, which also moves the thread's activity and the sender's read marker).
 * - Volume, set-based SQL: the measured professional up to BENCH_I4_PATIENTS_PER_PRO patients (default 2,000),
 *   every other professional BENCH_I4_OTHER_PATIENTS (default 1,000), each patient with a general thread; about
 *   BENCH_I4_MESSAGES messages (default 200,000) spread over the threads (0–2× the mean per thread, over the last
 *   BENCH_I4_MONTHS months, default 6, partitions made with app_ctx.ensure_monthly_partitions), 45 % in the
 *   measured tenant, the rest in the others; one busy thread (the first login patient's) with
 *   BENCH_I4_BUSY_MESSAGES (default 5,000). Senders alternate professional / patient by hash (patients without a
 *   login get a stand-in user id: sender_user_id has no foreign key). BENCH_I4_UNANSWERED_PCT (5 %) of the
 *   measured professional's threads are a patient waiting for a first answer (1–3 patient messages of the last 3
 *   days, never opened). Read markers follow the product's rule that posting moves the sender's marker to its
 *   own message: the professional has read BENCH_I4_READ_PCT (85 %) of its threads to the end and the rest up to
 *   1–5 messages ago, never behind its own last message; each login patient up to 0–2 messages ago; the other
 *   professionals have read everything.
 *   threads.last_message_at is the newest
 *   message. Then ANALYZE.
 * - Unread counts (migration 0013) are kept by triggers while the seed writes threads, messages and markers, as
 *   they would be in production; the seed checks them against the read-time definition for the measured tenant.
 * - Check-ins (the check-in inbox, `GET /v1/checkins?status=submitted&limit=20`): one form (and its version 1) per
 *   professional, BENCH_I4_CHECKINS_PER_PATIENT (default 10) weekly check-ins per patient of every tenant, due over
 *   the last weeks, in monthly partitions of due_at: the newest one still open (pending), the older ones reviewed
 *   (85 %) or missed; of the two last closed weeks, BENCH_I4_SUBMITTED_PCT % (default 8) per week are answered and
 *   waiting for review (`submitted`): ~300 in the measured tenant, ~1,600 in the others.
 * - EXPLAIN (ANALYZE, BUFFERS) of the statements the thread store sends (captured over a recording client by
 *   running the domain use cases, as issue3.ts does), under korevitta_app with the tenant settings, custom and
 *   generic plan.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { createCheckinStore, createThreadStore, type Orm } from '@korevitta/db';
import { listCheckins, listMessages, listThreads, type Caller } from '@korevitta/domain';
import { inviteSecrets, ids } from '@korevitta/platform';
import { captureStatements, explainUnder } from './issue3.ts';
import { call, ipSequence, must, pool, registerProfessionals } from './http-seed.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const OTHER_PROS = num('BENCH_I4_OTHER_PROS', 10);
export const PATIENTS_PER_PRO = num('BENCH_I4_PATIENTS_PER_PRO', 2000);
export const OTHER_PATIENTS = num('BENCH_I4_OTHER_PATIENTS', 1000);
export const LOGIN_PATIENTS = num('BENCH_I4_LOGIN_PATIENTS', 20);
export const MESSAGES = num('BENCH_I4_MESSAGES', 200_000);
export const BUSY_MESSAGES = num('BENCH_I4_BUSY_MESSAGES', 5000);
export const MONTHS = num('BENCH_I4_MONTHS', 6);
/** % of the measured professional's threads read to the end; % that are a patient waiting for a first answer. */
export const READ_PCT = num('BENCH_I4_READ_PCT', 85);
export const UNANSWERED_PCT = num('BENCH_I4_UNANSWERED_PCT', 5);
/** Check-in inbox: weekly check-ins per patient (every tenant), and % of each of the last two weeks' waiting for review. */
export const CHECKINS_PER_PATIENT = num('BENCH_I4_CHECKINS_PER_PATIENT', 10);
export const SUBMITTED_PCT = num('BENCH_I4_SUBMITTED_PCT', 8);
const PASSWORD = 'correct horse battery staple 42';

const nextIp = ipSequence(204);

export interface Issue4Patient { patientId: string; userId: string; threadId: string; accessToken: string; refreshToken: string }

export interface Issue4World {
  pro: { email: string; professionalId: string; userId: string; accessToken: string };
  /** Patients of the measured professional with a login; patients[0]'s general thread is the busy one. */
  patients: Issue4Patient[];
  busyThreadId: string;
  counts: Record<string, unknown>;
  /** New access tokens (15 min lifetime) before a scenario: a login for the professional, a refresh per patient. */
  renew(): Promise<void>;
}

/**
 * The measured endpoints. run.ts makes `<name>-max` and `<name>-<RATE>rps` scenarios of each (the max run only
 * where `max` is set), `BENCH_ONLY` matching by prefix (`threads`, `messages`, `threads-patient`, …).
 * `as: 'pro'` sends the professional's token; `as: 'patients'` rotates over the login patients' tokens.
 */
export interface Issue4Endpoint { name: string; as: 'pro' | 'patients'; max: boolean; describe: string; path: (w: Issue4World) => string }
export const ISSUE4_ENDPOINTS: Issue4Endpoint[] = [
  { name: 'threads-list', as: 'pro', max: true, path: () => '/v1/threads?limit=20', describe: 'the professional\'s inbox (threads by activity, unread per thread and total)' },
  { name: 'messages-busy', as: 'pro', max: false, path: (w) => `/v1/threads/${w.busyThreadId}/messages?limit=30`, describe: `a busy thread's newest 30 messages (${BUSY_MESSAGES} in the thread), as the professional` },
  { name: 'threads-patient', as: 'patients', max: false, path: () => '/v1/threads', describe: 'a patient\'s own threads (login patients in turn)' },
  { name: 'checkin-inbox', as: 'pro', max: true, path: () => '/v1/checkins?status=submitted&limit=20', describe: 'the professional\'s check-ins waiting for review, oldest answer first' },
];

const BODIES = [
  'Bom dia! Como foi a semana com o plano novo?',
  'Oi, doutora. Consegui seguir quase tudo, só o lanche da tarde que ficou difícil por causa do trabalho.',
  'Ótimo. Vamos trocar o lanche por algo prático: iogurte natural com frutas ou um punhado de castanhas.',
  'Tive um pouco de dor no joelho depois do treino de perna. Devo continuar com o agachamento?',
  'Reduza a carga pela metade nesta semana e me conte como fica. Se a dor continuar, marcamos uma avaliação.',
  'Bebi os 2,5 litros de água todos os dias! Senti muita diferença na disposição.',
  'Parabéns pela consistência. Lembre-se do check-in de domingo, com as medidas e a foto.',
  'Posso substituir o frango por peixe no almoço? Às vezes fica mais fácil no restaurante perto do escritório.',
  'Pode sim, mesma quantidade. Prefira grelhado e evite molhos cremosos.',
  'Obrigada! Até a próxima consulta.',
];

export async function seedIssue4(baseUrl: string, dbUrl: string, log: (s: string) => void): Promise<Issue4World> {
  const t0 = Date.now();
  const tag = randomBytes(3).toString('hex');
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  // 1. Professionals through the API.
  const { main, others } = await registerProfessionals(baseUrl, { emailPrefix: `bench4-${tag}`, name: 'Dra. Conversa', password: PASSWORD, others: OTHER_PROS });
  const login = async (email: string) => must('login', await call('POST', `${baseUrl}/v1/auth/login`, { email, password: PASSWORD }, { 'x-forwarded-for': nextIp() }), 200);
  const first = await login(main.email);
  const me = must('me', await call('GET', `${baseUrl}/v1/me`, undefined, { authorization: `Bearer ${first.accessToken}` }), 200);
  const pro = { ...main, userId: String(me.user.id), accessToken: first.accessToken as string };
  const proAuth = () => ({ authorization: `Bearer ${pro.accessToken}` });
  log(`  issue 4 seed: ${1 + OTHER_PROS} professionals registered (${elapsed()})`);

  const admin = postgres(dbUrl, { max: 2, onnotice: () => undefined });
  try {
    // 2. Patients with logins and their conversation, through the API.
    const patients: Issue4Patient[] = [];
    await pool(Array.from({ length: LOGIN_PATIENTS }, (_, i) => i), 4, async (i) => {
      const email = `conversa.${tag}.${i}@example.com`;
      const created = must('create patient', await call('POST', `${baseUrl}/v1/patients`, { name: `Paciente Conversa ${String(i).padStart(3, '0')}`, email }, proAuth()), 201);
      const token = inviteSecrets.generate();
      const now = new Date();
      await admin`insert into patient_invites (id, professional_id, patient_id, token_hash, expires_at, created_at, updated_at)
        values (${ids.newId()}, ${pro.professionalId}, ${created.id}, ${inviteSecrets.hash(token)}, ${new Date(now.getTime() + 7 * 86_400_000)}, ${now}, ${now})`;
      const accepted = must('accept invite', await call('POST', `${baseUrl}/v1/invites/accept`, { token, password: PASSWORD }), 201);
      const patientAuth = { authorization: `Bearer ${accepted.accessToken}` };
      const thread = must('open thread', await call('POST', `${baseUrl}/v1/threads`, { patientId: created.id }, proAuth()), 201);
      const again = must('patient opens its thread', await call('POST', `${baseUrl}/v1/threads`, {}, patientAuth), 200);
      if (again.id !== thread.id) throw new Error(`patient got thread ${again.id}, professional opened ${thread.id}`);
      must('pro message', await call('POST', `${baseUrl}/v1/threads/${thread.id}/messages`, { body: BODIES[0] }, proAuth()), 201);
      must('patient message', await call('POST', `${baseUrl}/v1/threads/${thread.id}/messages`, { body: BODIES[1] }, patientAuth), 201);
      const [u] = await admin`select user_id from patients where id = ${created.id}`;
      patients.push({ patientId: created.id as string, userId: String(u!.user_id), threadId: thread.id as string, accessToken: accepted.accessToken as string, refreshToken: accepted.refreshToken as string });
    });
    // pool() finishes out of order: the busy thread is the first patient's by creation.
    patients.sort((a, b) => a.patientId.localeCompare(b.patientId));
    const busy = patients[0]!;
    log(`  issue 4 seed: ${LOGIN_PATIENTS} patients with logins, threads and messages through the API (${elapsed()})`);

    // 3. Volume, set-based.
    const t1 = Date.now();
    const proIds = [pro.professionalId, ...others.map((o) => o.professionalId)];
    const mainShare = 0.45;
    const mainThreads = PATIENTS_PER_PRO;
    const otherThreads = OTHER_PATIENTS * OTHER_PROS;
    const meanMain = Math.max(0, Math.round((MESSAGES * mainShare - BUSY_MESSAGES) / Math.max(1, mainThreads)));
    const meanOther = Math.max(0, Math.round((MESSAGES * (1 - mainShare)) / Math.max(1, otherThreads)));
    await admin.begin(async (tx) => {
      await tx`select app_ctx.ensure_monthly_partitions('messages', (current_date - ${MONTHS} * interval '1 month')::date, ${MONTHS + 3})`;
      await tx`create temporary table bench_pros (idx int, professional_id uuid, user_id uuid, n int, mean int) on commit drop`;
      const rows = proIds.map((id, idx) => ({ idx, professional_id: id, n: idx === 0 ? PATIENTS_PER_PRO - LOGIN_PATIENTS : OTHER_PATIENTS, mean: idx === 0 ? meanMain : meanOther }));
      await tx`insert into bench_pros ${tx(rows)}`;
      await tx`update bench_pros b set user_id = u.id from users u where u.professional_id = b.professional_id and u.role = 'professional'`;
      // Patients (no login), then one general thread each, created before the oldest message.
      await tx`
        insert into patients (id, professional_id, name, email, timezone, status, search_text, sort_name, created_at, updated_at)
        select gen_random_uuid(), p.professional_id, 'Paciente ' || p.idx || '-' || g.i, 'c' || g.i || '.' || substr(md5(p.professional_id::text), 1, 6) || '@example.com',
          'America/Sao_Paulo', 'active', 'paciente ' || p.idx || '-' || g.i, 'paciente ' || p.idx || '-' || g.i, now() - interval '1 year', now()
        from bench_pros p cross join lateral generate_series(1, p.n) g(i)`;
      await tx`
        insert into threads (id, professional_id, patient_id, context_type, created_by, created_at, updated_at)
        select gen_random_uuid(), pa.professional_id, pa.id, 'general', b.user_id, now() - (${MONTHS} * interval '1 month') - interval '1 day', now()
        from patients pa join bench_pros b on b.professional_id = pa.professional_id
        where not exists (select 1 from threads t where t.patient_id = pa.id and t.context_type = 'general')`;
      // Messages: per thread 0–2× the tenant's mean, at random times of the last MONTHS months (all before now),
      // senders alternating by hash; the busy thread gets BUSY_MESSAGES. UNANSWERED % of the measured tenant's
      // threads are a patient waiting for a first answer: 1–3 patient messages of the last 3 days. A patient
      // without a login gets a stand-in user id (no foreign key on sender_user_id).
      await tx`
        with t as (
          select t.id, t.professional_id, t.patient_id, b.user_id as pro_user, coalesce(pa.user_id, md5(pa.id::text || 'user')::uuid) as patient_user,
            b.idx = 0 and t.id <> ${busy.threadId}::uuid and (hashtext(t.id::text || 'mk') & 2147483647) % 100 >= 100 - ${UNANSWERED_PCT} as unanswered,
            case when t.id = ${busy.threadId}::uuid then ${BUSY_MESSAGES}
                 when b.idx = 0 and (hashtext(t.id::text || 'mk') & 2147483647) % 100 >= 100 - ${UNANSWERED_PCT} then 1 + (hashtext(t.id::text) & 2147483647) % 3
                 else ((hashtext(t.id::text) & 2147483647) % (2 * b.mean + 1)) end as n
          from threads t join bench_pros b on b.professional_id = t.professional_id join patients pa on pa.id = t.patient_id
        )
        insert into messages (id, professional_id, patient_id, thread_id, sender_user_id, sender_role, body, created_at, updated_at)
        select gen_random_uuid(), t.professional_id, t.patient_id, t.id,
          case when s.pro then t.pro_user else t.patient_user end, case when s.pro then 'professional' else 'patient' end,
          (${BODIES}::text[])[1 + (hashint4(g.k) & 2147483647) % ${BODIES.length}] || case when g.k % 3 = 0 then ' ' || (${BODIES}::text[])[1 + (hashint4(g.k + 1) & 2147483647) % ${BODIES.length}] else '' end,
          c.at, c.at
        from t cross join lateral generate_series(1, t.n) g(k)
          cross join lateral (select not t.unanswered and (hashint4(g.k * 7919 + (hashtext(t.id::text) & 1048575)) & 1) = 0 as pro) s
          cross join lateral (select now() - interval '1 minute' - ((hashint8(hashtext(t.id::text)::bigint * 100003 + g.k) & 2147483647)
            % (case when t.unanswered then 3 * 86400 else ${MONTHS} * 30 * 86400 end)) * interval '1 second' as at) c`;
      await tx`
        update threads t set last_message_at = m.last, updated_at = m.last
        from (select thread_id, max(created_at) as last from messages group by thread_id) m
        where m.thread_id = t.id and (t.last_message_at is null or t.last_message_at < m.last)`;
      // Read markers, consistent with the product: posting moves the sender's marker to its own message, so a
      // marker is never behind the reader's own last message. The measured professional: READ_PCT % of its
      // threads read to the end, the rest (but the unanswered ones, never opened) 1–5 messages behind.
      await tx`
        with r as (
          select m.thread_id, m.professional_id, m.created_at, m.id, m.sender_role,
            row_number() over (partition by m.thread_id order by m.created_at desc, m.id desc) as rn, (hashtext(m.thread_id::text || 'mk') & 2147483647) % 100 as h
          from messages m where m.professional_id = ${pro.professionalId}::uuid
        ), pick as (
          select thread_id, least(min(rn) filter (where sender_role = 'professional'), min(case when h < ${READ_PCT} then 1 else 2 + h % 5 end)) as target
          from r where h < 100 - ${UNANSWERED_PCT} group by thread_id
        )
        insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id, created_at, updated_at)
        select r.thread_id, ${pro.userId}::uuid, r.professional_id, r.created_at, r.id, now(), now()
        from r join pick on pick.thread_id = r.thread_id and r.rn = pick.target
        on conflict (thread_id, user_id) do update set last_read_at = excluded.last_read_at, last_read_message_id = excluded.last_read_message_id, updated_at = excluded.updated_at
          where (thread_read_markers.last_read_at, thread_read_markers.last_read_message_id) < (excluded.last_read_at, excluded.last_read_message_id)`;
      // The other professionals have read everything: the markers table holds every tenant's rows, as it would.
      await tx`
        insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id, created_at, updated_at)
        select distinct on (m.thread_id) m.thread_id, b.user_id, m.professional_id, m.created_at, m.id, now(), now()
        from messages m join bench_pros b on b.professional_id = m.professional_id and b.idx > 0
        order by m.thread_id, m.created_at desc, m.id desc
        on conflict (thread_id, user_id) do nothing`;
      // Login patients: read up to 0–2 messages ago, never behind their own last message.
      await tx`
        with r as (
          select m.thread_id, m.professional_id, m.created_at, m.id, m.sender_role, pa.user_id,
            row_number() over (partition by m.thread_id order by m.created_at desc, m.id desc) as rn
          from messages m join patients pa on pa.id = m.patient_id where pa.user_id is not null and m.professional_id = ${pro.professionalId}::uuid
        ), pick as (
          select thread_id, least(min(rn) filter (where sender_role = 'patient'), 1 + (hashtext(thread_id::text) & 2147483647) % 3) as target from r group by thread_id
        )
        insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id, created_at, updated_at)
        select r.thread_id, r.user_id, r.professional_id, r.created_at, r.id, now(), now()
        from r join pick on pick.thread_id = r.thread_id and r.rn = pick.target
        on conflict (thread_id, user_id) do update set last_read_at = excluded.last_read_at, last_read_message_id = excluded.last_read_message_id, updated_at = excluded.updated_at
          where (thread_read_markers.last_read_at, thread_read_markers.last_read_message_id) < (excluded.last_read_at, excluded.last_read_message_id)`;
    });
    log(`  issue 4 seed: threads, messages and markers in ${((Date.now() - t1) / 1000).toFixed(1)} s (unread counts kept by the 0013 triggers)`);
    await seedCheckins(admin, proIds);
    for (const t of ['patients', 'users', 'threads', 'messages', 'thread_read_markers', 'thread_unread_counts', 'checkin_forms', 'checkin_form_versions', 'checkins']) await admin.unsafe(`analyze ${t}`);
    const [c] = await admin`select
      (select count(*)::int from threads) as threads,
      (select count(*)::int from threads where professional_id = ${pro.professionalId}) as my_threads,
      (select count(*)::int from messages) as messages,
      (select count(*)::int from messages where professional_id = ${pro.professionalId}) as my_messages,
      (select count(*)::int from messages where thread_id = ${busy.threadId}) as busy_thread_messages,
      (select count(*)::int from thread_read_markers) as read_markers,
      (select count(*)::int from thread_unread_counts) as unread_count_rows,
      (select count(*)::int from thread_unread_counts where user_id = ${pro.userId} and unread_count > 0) as my_unread_threads,
      (select count(*)::int from checkins) as checkins,
      (select count(*)::int from checkins where professional_id = ${pro.professionalId}) as my_checkins,
      (select count(*)::int from checkins where professional_id = ${pro.professionalId} and status = 'submitted') as my_submitted_checkins,
      (select count(*)::int from checkins where status = 'submitted') as submitted_checkins,
      (select count(*)::int from pg_inherits where inhparent = 'checkins'::regclass) as checkin_partitions,
      (select count(*)::int from patients) as patients,
      (select count(*)::int from pg_inherits where inhparent = 'messages'::regclass) as message_partitions,
      (select count(*)::int from professionals) as professionals`;
    const counts = c as unknown as Record<string, unknown>;
    // The kept counts against the read-time definition they replace, for every participant of the measured tenant.
    const [check] = await admin`
      select count(*)::int as pairs, count(*) filter (where c.unread_count is distinct from d.expected)::int as mismatches
      from (
        select t.id as thread_id, u.id as user_id,
          (select count(*)::int from messages m where m.thread_id = t.id and m.sender_user_id <> u.id
            and (k.thread_id is null or (m.created_at, m.id) > (k.last_read_at, k.last_read_message_id))) as expected
        from threads t
        join users u on u.professional_id = t.professional_id and (u.role = 'professional' or u.patient_id = t.patient_id)
        left join thread_read_markers k on k.thread_id = t.id and k.user_id = u.id
        where t.professional_id = ${pro.professionalId}::uuid
      ) d left join thread_unread_counts c on c.thread_id = d.thread_id and c.user_id = d.user_id`;
    counts.unreadPairsChecked = check!.pairs;
    counts.unreadMismatches = check!.mismatches;
    if (check!.mismatches !== 0) throw new Error(`kept unread counts differ from the definition in ${check!.mismatches} of ${check!.pairs} (thread, user) pairs`);
    log(`  issue 4 seed: set-based volume in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

    const world: Issue4World = {
      pro, patients, busyThreadId: busy.threadId, counts,
      async renew() {
        pro.accessToken = (await login(pro.email)).accessToken as string;
        await pool(patients, 4, async (p) => {
          const r = must('refresh', await call('POST', `${baseUrl}/v1/auth/refresh`, { refreshToken: p.refreshToken }), 200);
          p.accessToken = r.accessToken as string;
          p.refreshToken = r.refreshToken as string;
        });
      },
    };
    // Sanity: every endpoint answers through the API, with the expected volume.
    const inbox = must('inbox', await call('GET', `${baseUrl}/v1/threads?limit=20`, undefined, proAuth()), 200);
    const page = must('busy thread', await call('GET', `${baseUrl}/v1/threads/${busy.threadId}/messages?limit=30`, undefined, proAuth()), 200);
    const mine = must('patient threads', await call('GET', `${baseUrl}/v1/threads`, undefined, { authorization: `Bearer ${busy.accessToken}` }), 200);
    const review = must('check-in inbox', await call('GET', `${baseUrl}/v1/checkins?status=submitted&limit=20`, undefined, proAuth()), 200);
    if (review.items.length !== 20) throw new Error(`check-in inbox: ${review.items.length} items, expected a full page`);
    counts.inboxUnreadTotal = inbox.unreadTotal;
    counts.inboxFirstPageUnread = (inbox.items as Array<{ unreadCount: number }>).reduce((a, t) => a + t.unreadCount, 0);
    log(`  issue 4 seed: inbox ${inbox.items.length} threads (unread total ${inbox.unreadTotal}, ${JSON.stringify(inbox).length} bytes), busy thread page ${page.items.length} messages, patient ${mine.items.length} thread(s) (unread ${mine.unreadTotal}), check-in inbox ${review.items.length} (${JSON.stringify(review).length} bytes)`);
    return world;
  } finally {
    await admin.end();
  }
}

/** The check-in inbox's volume, set-based (see the header): a form per professional and weekly check-ins per patient. */
async function seedCheckins(admin: postgres.Sql, proIds: string[]): Promise<void> {
  const schema = { questions: [
    { id: 'peso', type: 'number', label: 'Peso', required: true, unit: 'kg', min: 20, max: 300 },
    { id: 'humor', type: 'scale', label: 'Como foi a semana?', required: true, max: 5 },
    { id: 'obs', type: 'long_text', label: 'Observações', required: false },
  ] };
  await admin.begin(async (tx) => {
    await tx`select app_ctx.ensure_monthly_partitions('checkins', (current_date - ${CHECKINS_PER_PATIENT * 7 + 7} * interval '1 day')::date, ${Math.ceil((CHECKINS_PER_PATIENT * 7 + 7) / 28) + 2})`;
    await tx`
      insert into checkin_forms (id, professional_id, name, current_version, created_by, created_at, updated_at)
      select gen_random_uuid(), u.professional_id, 'Check-in semanal', 1, u.id, now() - interval '1 year', now() - interval '1 year'
      from users u where u.role = 'professional' and u.professional_id = any(${proIds}::uuid[])
        and not exists (select 1 from checkin_forms f where f.professional_id = u.professional_id)`;
    await tx`
      insert into checkin_form_versions (form_id, version, professional_id, form_schema, created_by, created_at, updated_at)
      select f.id, 1, f.professional_id, ${JSON.stringify(schema)}::jsonb, f.created_by, f.created_at, f.created_at
      from checkin_forms f where f.professional_id = any(${proIds}::uuid[]) on conflict do nothing`;
    // Week k = 0 is the next one (scheduled: it opens in more than a day, so the missed-check-in sweep leaves it
    // alone during the run); weeks 1.. are closed: answered and reviewed, missed, or (weeks 1–2, SUBMITTED_PCT %
    // each) answered and waiting for review. Due times vary per patient over the day.
    await tx`
      insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at,
        opened_at, late_at, missed_at, submitted_at, submitted_late, responses, reviewed_at, reviewer_id, next_transition_at, created_at, updated_at)
      select gen_random_uuid(), pa.professional_id, pa.id, f.id, 1, s.status, d.due - interval '2 days', d.due, d.due + interval '24 hours',
        case when s.status <> 'scheduled' then d.due - interval '2 days' end,
        case when s.status = 'missed' then d.due end,
        case when s.status = 'missed' then d.due + interval '24 hours' end,
        case when s.status in ('submitted', 'reviewed') then d.due - interval '3 hours' + (h.v % 170) * interval '1 minute' end,
        case when s.status in ('submitted', 'reviewed') then false end,
        case when s.status in ('submitted', 'reviewed') then jsonb_build_object('peso', 60 + h.v % 40, 'humor', 1 + h.v % 5) end,
        case when s.status = 'reviewed' then d.due + interval '1 day' end,
        case when s.status = 'reviewed' then f.created_by end,
        case when s.status = 'scheduled' then d.due - interval '2 days' end,
        d.due - interval '9 days', d.due
      from patients pa join checkin_forms f on f.professional_id = pa.professional_id
        cross join generate_series(0, ${CHECKINS_PER_PATIENT - 1}) g(k)
        cross join lateral (select (hashtext(pa.id::text || ':' || g.k) & 2147483647) as v) h
        cross join lateral (select date_trunc('hour', now()) + interval '3 days' - g.k * interval '7 days'
          + ((hashtext(pa.id::text) & 2147483647) % 1440) * interval '1 minute' as due) d
        cross join lateral (select case when g.k = 0 then 'scheduled'
          when g.k <= 2 and h.v % 100 < ${SUBMITTED_PCT} then 'submitted'
          when h.v % 100 < 85 then 'reviewed' else 'missed' end as status) s
      where pa.professional_id = any(${proIds}::uuid[]) and pa.deleted_at is null
      on conflict do nothing`;
  });
}

// ---------------------------------------------------------------- EXPLAIN

type Settings = { userId: string; role: string; professionalId: string; patientId: string };

/** The statements behind each measured endpoint (the domain use case over the real thread store). */
function explainCases(w: Issue4World): Array<{ name: string; settings: Settings; run: (orm: Orm) => Promise<unknown> }> {
  const proCaller: Caller = { userId: w.pro.userId, role: 'professional', professionalId: w.pro.professionalId, patientId: null };
  const p = w.patients[0]!;
  const patientCaller: Caller = { userId: p.userId, role: 'patient', professionalId: w.pro.professionalId, patientId: p.patientId };
  const proSettings = { userId: w.pro.userId, role: 'professional', professionalId: w.pro.professionalId, patientId: '' };
  const patientSettings = { userId: p.userId, role: 'patient', professionalId: w.pro.professionalId, patientId: p.patientId };
  return [
    { name: 'threads-list (professional): GET /v1/threads?limit=20', settings: proSettings, run: (orm) => listThreads({ threads: createThreadStore(orm) }, proCaller, { patientId: null, after: null, limit: 20 }) },
    { name: 'messages-busy (professional): GET /v1/threads/{busy}/messages?limit=30', settings: proSettings, run: (orm) => listMessages({ threads: createThreadStore(orm) }, proCaller, { threadId: w.busyThreadId, after: null, limit: 30 }) },
    { name: 'threads-patient: GET /v1/threads (patient)', settings: patientSettings, run: (orm) => listThreads({ threads: createThreadStore(orm) }, patientCaller, { patientId: null, after: null, limit: 20 }) },
    { name: 'checkin-inbox (professional): GET /v1/checkins?status=submitted&limit=20', settings: proSettings,
      run: (orm) => listCheckins({ store: createCheckinStore(orm) }, { userId: w.pro.userId, role: 'professional', professionalId: w.pro.professionalId, patientId: null },
        { statuses: ['submitted'], patientId: null, after: null, limit: 20, now: new Date() }) },
  ];
}

const summaryOf = (plan: string) => {
  const exec = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
  const hit = [...plan.matchAll(/Buffers: shared hit=(\d+)/g)][0]?.[1];
  return `${exec ?? '?'} ms, top buffers hit ${hit ?? '?'}`;
};

export async function explainIssue4(dbUrl: string, world: Issue4World, resultsDir: string): Promise<string> {
  const out: string[] = [];
  const head: string[] = [];
  for (const c of explainCases(world)) {
    const stmts = await captureStatements(dbUrl, c.run);
    for (const [i, stmt] of stmts.entries()) {
      const { custom, generic } = await explainUnder(dbUrl, c.settings, stmt);
      head.push(`${c.name} #${i + 1}: custom ${summaryOf(custom)}; generic ${summaryOf(generic)}`);
      out.push(`### ${c.name}, statement ${i + 1} of ${stmts.length}`, '', 'SQL:', stmt.text, `params: ${JSON.stringify(stmt.params)}`, '',
        '-- custom plan (parameter values known):', custom, '', '-- generic plan (plan_cache_mode = force_generic_plan):', generic, '');
    }
  }
  const text = ['## Summary (execution time, buffers of the top node)', ...head, '', ...out].join('\n');
  await writeFile(path.join(resultsDir, 'explain-issue4.txt'), text);
  return head.join('\n');
}
