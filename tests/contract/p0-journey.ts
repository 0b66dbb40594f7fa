/**
 * The P0 journey (seed §9.4) as a frontend writes it: only a client generated from the served OpenAPI
 * document (openapi-typescript types + openapi-fetch), no hand-written types. tests/http/generated-client.int.test.ts
 * generates `./generated/api.ts`, type-checks this file with `tsc --strict` (tests/contract/tsconfig.json)
 * and runs it against the local host. A field renamed, retyped or left out of the document breaks the
 * compile; a behaviour that differs from the document breaks the run.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/api.ts';

export interface JourneyIo {
  baseUrl: string;
  /** The invite token the e-mail to `email` carries (the local mailbox in tests). */
  inviteToken(email: string): Promise<string>;
  /** Today in São Paulo, YYYY-MM-DD (the host's clock). */
  today: string;
}

export interface JourneyResult { steps: string[] }

const bearer = (token: string): Middleware => ({
  onRequest({ request }) {
    request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
});

function authed(baseUrl: string, token: string): Client<paths> {
  const client = createClient<paths>({ baseUrl });
  client.use(bearer(token));
  return client;
}

function must<T>(step: string, value: T | undefined, response: Response): T {
  if (value === undefined) throw new Error(`${step}: ${response.status} ${response.statusText}`);
  return value;
}

export async function p0Journey(io: JourneyIo): Promise<JourneyResult> {
  const steps: string[] = [];
  const anon = createClient<paths>({ baseUrl: io.baseUrl });
  const suffix = Math.random().toString(36).slice(2, 10);
  const email = `camila-${suffix}@example.com`;
  const password = 'correct horse battery staple 42';

  // 1. A professional signs up and logs in.
  const registered = await anon.POST('/v1/auth/register', { body: { email, password, name: 'Camila Nutricionista', locale: 'pt-BR' } });
  const account = must('register', registered.data, registered.response);
  steps.push(`registered ${account.professionalId}`);
  const login = await anon.POST('/v1/auth/login', { body: { email, password } });
  const session = must('login', login.data, login.response);
  const pro = authed(io.baseUrl, session.accessToken);

  // 2. A patient, invited at once; the patient accepts.
  const patientEmail = `ana-${suffix}@example.com`;
  const created = await pro.POST('/v1/patients', { body: { name: 'Ana Souza', email: patientEmail, sendInvite: true } });
  const patient = must('create patient', created.data, created.response);
  const score: number | null = patient.riskScore;
  if (score === null) throw new Error('a new patient must have a risk score');
  steps.push(`patient ${patient.id} revision ${patient.revision} risk ${score}`);
  const accepted = await anon.POST('/v1/invites/accept', { body: { token: await io.inviteToken(patientEmail), password } });
  const patientSession = must('accept invite', accepted.data, accepted.response);
  const me = authed(io.baseUrl, patientSession.accessToken);

  // 3. A protocol, activated with the ETag of its draft.
  const draft = await pro.POST('/v1/patients/{patientId}/protocols', {
    params: { path: { patientId: patient.id } },
    body: {
      name: 'Plano fase 1',
      content: {
        nutrition: { dailyTargets: { kcal: 1800, proteinG: 110, carbsG: 200, fatG: 60 }, meals: [{ key: 'cafe', name: 'Café da manhã', time: '07:30', items: [] }, { key: 'jantar', name: 'Jantar', time: '19:30', items: [] }] },
        hydration: { dailyGoalMl: 2000 },
      },
    },
  });
  const protocol = must('create protocol', draft.data, draft.response);
  const etag = draft.response.headers.get('etag') ?? `"${protocol.revision}"`;
  const activated = await pro.POST('/v1/protocols/{protocolId}/activate', { params: { path: { protocolId: protocol.id }, header: { 'If-Match': etag } } });
  const active = must('activate', activated.data, activated.response);
  const contentVersion: number = active.contentVersion;
  steps.push(`protocol ${active.status} content version ${contentVersion}`);

  // 4. The patient's day: complete a meal, log water.
  const dayRes = await me.GET('/v1/me/daily', { params: { query: { date: io.today } } });
  const day = must('my day', dayRes.data, dayRes.response);
  const meal = day.tasks.find((t) => t.kind === 'meal' && t.id !== null);
  if (!meal?.id || day.source !== 'tasks') throw new Error(`my day has no meal task (source ${day.source})`);
  const done = await me.POST('/v1/daily-tasks/{taskId}/completion', { params: { path: { taskId: meal.id } } });
  must('complete task', done.data, done.response);
  const water = await me.POST('/v1/me/water-intake', { body: { amountMl: 500 } });
  const logged = must('log water', water.data, water.response);
  const percent: number | null = logged.hydration.percent;
  steps.push(`day ${day.date}: ${day.tasks.length} tasks, hydration ${percent ?? 0}%`);

  // 5. A check-in form and schedule; the patient answers; the professional reviews.
  const form = await pro.POST('/v1/checkin-forms', {
    body: { name: 'Check-in semanal', schema: { questions: [{ id: 'peso', type: 'number', label: 'Peso (kg)', unit: 'kg', min: 20, max: 400, required: true }, { id: 'energia', type: 'scale', label: 'Energia', max: 5, required: true }] } },
  });
  const checkinForm = must('create form', form.data, form.response);
  const schedule = await pro.PUT('/v1/patients/{patientId}/checkin-schedule', {
    params: { path: { patientId: patient.id } },
    body: { formId: checkinForm.id, cadence: 'weekly', dueTime: '23:00', graceHours: 24, anchorDate: io.today },
  });
  must('schedule', schedule.data, schedule.response);
  const mine = await me.GET('/v1/me/checkins', { params: { query: { status: ['pending', 'late'] } } });
  const open = must('my check-ins', mine.data, mine.response).items[0];
  if (!open) throw new Error('no open check-in');
  const submitted = await me.POST('/v1/checkins/{checkinId}/submit', {
    params: { path: { checkinId: open.id } },
    body: { formContentVersion: open.formContentVersion, answers: { peso: 71.4, energia: 4 } },
  });
  const answer = must('submit', submitted.data, submitted.response);
  const inbox = await pro.GET('/v1/checkins', { params: { query: { status: ['submitted'], limit: 10 } } });
  if (!must('inbox', inbox.data, inbox.response).items.some((c) => c.id === answer.id)) throw new Error('the answer is not in the inbox');
  const reviewed = await pro.POST('/v1/checkins/{checkinId}/review', { params: { path: { checkinId: answer.id } }, body: { notes: 'Ótima semana!' } });
  steps.push(`check-in ${must('review', reviewed.data, reviewed.response).status}`);

  // 6. A thread: the professional writes, the patient reads.
  const thread = await pro.POST('/v1/threads', { body: { patientId: patient.id } });
  const opened = must('open thread', thread.data, thread.response);
  const sent = await pro.POST('/v1/threads/{threadId}/messages', { params: { path: { threadId: opened.id } }, body: { body: 'Vi seu check-in, parabéns!' } });
  const message = must('post message', sent.data, sent.response);
  const threads = await me.GET('/v1/threads', {});
  const unread: number = must('my threads', threads.data, threads.response).unreadTotal;
  const read = await me.POST('/v1/threads/{threadId}/read', { params: { path: { threadId: opened.id } }, body: { upToMessageId: message.id } });
  steps.push(`thread: ${unread} unread, then ${must('read', read.data, read.response).unreadCount}`);

  // 7. The professional edits the patient with the ETag it read; a stale one is refused.
  const read1 = await pro.GET('/v1/patients/{patientId}', { params: { path: { patientId: patient.id } } });
  const tag = read1.response.headers.get('etag') ?? '';
  const edited = await pro.PATCH('/v1/patients/{patientId}', { params: { path: { patientId: patient.id }, header: { 'If-Match': tag } }, body: { phone: '+55 11 91234-5678' } });
  const revision: number = must('edit patient', edited.data, edited.response).revision;
  const stale = await pro.PATCH('/v1/patients/{patientId}', { params: { path: { patientId: patient.id }, header: { 'If-Match': tag } }, body: { phone: '+55 11 99999-0000' } });
  if (stale.response.status !== 412 || stale.error?.code !== 'RESOURCE.PRECONDITION_FAILED') throw new Error(`a stale If-Match must be a 412, got ${stale.response.status}`);
  steps.push(`patient revision ${revision}; stale edit ${stale.response.status}`);

  // 8. The CRM list, filtered as a generated client sends arrays (repeated parameters).
  const list = await pro.GET('/v1/patients', { params: { query: { status: ['active', 'paused'], sort: 'risk', limit: 20 } } });
  const listed = must('list', list.data, list.response).items.find((p) => p.id === patient.id);
  if (!listed) throw new Error('the patient is not in its status filter');
  steps.push(`listed with risk ${listed.riskScore ?? 'none'}`);
  return { steps };
}
