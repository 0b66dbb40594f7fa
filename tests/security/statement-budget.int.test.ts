import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables, withTenant } from '@korevitta/db';
import { registerHttp, tenantOf, type HttpFunctionDefinition } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { isRealPostgres } from '../support/database.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { BOLA_FORM_SCHEMA } from './bola-entries.ts';

/**
 * TEST-CATALOG P3: a request runs at most 10 SQL statements, counted through the real driver (postgres.js
 * `debug`, so BEGIN, the tenant settings and COMMIT count too), over the hot routes, on a tenant whose lists
 * hold more items than the budget (an N+1 over them cannot hide under it). The last test proves the guard:
 * a route that reads its list one row at a time is caught.
 */
const BUDGET = 10;
const ITEMS = 12;

/** An N+1 on purpose: lists the patients, then reads each one in its own statement. */
const nPlusOne = registerHttp({
  name: 'test-n-plus-one', operationId: 'testNPlusOne', method: 'GET', route: 'v1/test/n-plus-one', summary: 'N+1 on purpose',
  tag: 'Patients', auth: ['professional'], hidden: true, responses: { 200: { description: 'count' } },
  handler: async ({ auth, rt }) => {
    const found = await withTenant(rt.db, tenantOf(auth), async (tx) => {
      const list = await tx.select({ id: tables.patients.id }).from(tables.patients);
      for (const p of list) await tx.select().from(tables.patients).where(eq(tables.patients.id, p.id));
      return list.length;
    });
    return { status: 200, body: { found } };
  },
});

describe.skipIf(!isRealPostgres())('SQL statements per request (through postgres.js)', () => {
  let h: TestHost;
  let pro: Professional;
  let patientToken: string;
  const ids: Record<string, string> = {};
  let statements: string[] = [];

  beforeAll(async () => {
    h = await startTestHost({ extraFunctions: [nPlusOne as HttpFunctionDefinition], onStatement: (text) => statements.push(text) });
    pro = await createProfessional(h, { name: 'Dona Orçamento' });
    const auth = { token: pro.accessToken };
    const invited = await createInvitedPatient(h, pro.professionalId);
    ids.patientId = invited.patientId;
    patientToken = (await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD })).body.accessToken;
    for (let i = 0; i < ITEMS; i++) {
      const other = await h.api.post('/v1/patients', { name: `Paciente ${i}` }, auth);
      const thread = await h.api.post('/v1/threads', { patientId: other.body.id }, auth);
      for (const body of ['Olá', 'Tudo bem?']) await h.api.post(`/v1/threads/${thread.body.id}/messages`, { body }, auth);
      await h.api.post(`/v1/patients/${ids.patientId}/protocols`, { name: `Plano ${i}`, content: { hydration: { dailyGoalMl: 2000 } } }, auth);
    }
    const protocol = await h.api.post(`/v1/patients/${ids.patientId}/protocols`, {
      name: 'Plano ativo',
      content: { hydration: { dailyGoalMl: 2000 }, nutrition: { dailyTargets: { kcal: 2000, proteinG: 120, carbsG: 220, fatG: 60 }, meals: Array.from({ length: 6 }, (_, i) => ({ key: `m${i}`, name: `Refeição ${i}`, time: `0${i + 2}:30`, items: [{ food: 'Ovos', quantity: 2, unit: 'un' }] })) } },
    }, auth);
    ids.protocolId = protocol.body.id;
    expect((await h.api.post(`/v1/protocols/${ids.protocolId}/activate`, undefined, auth)).status).toBe(200);
    const thread = await h.api.post('/v1/threads', { patientId: ids.patientId }, auth);
    ids.threadId = thread.body.id;
    for (let i = 0; i < ITEMS; i++) await h.api.post(`/v1/threads/${ids.threadId}/messages`, { body: `Mensagem ${i}` }, auth);
    const form = await h.api.post('/v1/checkin-forms', { name: 'Semanal', schema: BOLA_FORM_SCHEMA }, auth);
    const schedule = await h.api.put(`/v1/patients/${ids.patientId}/checkin-schedule`, { formId: form.body.id, cadence: 'weekly', dueTime: '09:00', graceHours: 24 }, auth);
    ids.checkinId = schedule.body.current.id;
    for (let i = 0; i < ITEMS; i++) {
      const lab = await h.api.post(`/v1/patients/${ids.patientId}/lab-results`, { collectedOn: `2026-0${1 + (i % 9)}-1${i % 10}`, values: [
        { biomarker: 'glucose_fasting', value: 5 + i / 10, unit: 'mmol/L' }, { biomarker: 'ferritin', value: 40 + i, unit: 'ng/mL' }, { biomarker: 'tsh', value: 2, unit: 'm[IU]/L' },
      ] }, auth);
      expect(lab.status).toBe(201);
    }
    const day = await h.api.get('/v1/me/daily', { token: patientToken });
    ids.taskId = day.body.tasks[0].id;
  });
  afterAll(async () => { await h.stop(); });

  /** Statements sent while the request ran (and any it left running for a moment after). */
  async function count(method: string, path: string, body: unknown, token: string): Promise<{ status: number; n: number; texts: string[] }> {
    await new Promise((r) => setTimeout(r, 20));
    statements = [];
    const res = await h.api.call(method, path, body, { token });
    await new Promise((r) => setTimeout(r, 30));
    return { status: res.status, n: statements.length, texts: statements };
  }

  const HOT: [string, string, (i: Record<string, string>) => string, ('pro' | 'patient'), unknown?][] = [
    ['who am I (professional)', 'GET', () => '/v1/me', 'pro'],
    ['who am I (patient)', 'GET', () => '/v1/me', 'patient'],
    ['patient list (CRM)', 'GET', () => '/v1/patients?limit=50', 'pro'],
    ['patient list sorted by risk', 'GET', () => '/v1/patients?limit=50&sort=risk', 'pro'],
    ['patient detail', 'GET', (i) => `/v1/patients/${i.patientId}`, 'pro'],
    ['patient risk', 'GET', (i) => `/v1/patients/${i.patientId}/risk`, 'pro'],
    ['patient adherence', 'GET', (i) => `/v1/patients/${i.patientId}/adherence`, 'pro'],
    ['protocol list', 'GET', (i) => `/v1/patients/${i.patientId}/protocols`, 'pro'],
    ['protocol detail', 'GET', (i) => `/v1/protocols/${i.protocolId}`, 'pro'],
    ['protocol versions', 'GET', (i) => `/v1/protocols/${i.protocolId}/versions`, 'pro'],
    ['inbox (threads)', 'GET', () => '/v1/threads', 'pro'],
    ['thread messages', 'GET', (i) => `/v1/threads/${i.threadId}/messages`, 'pro'],
    ['post a message', 'POST', (i) => `/v1/threads/${i.threadId}/messages`, 'pro', { body: 'Mais uma' }],
    ['check-in inbox', 'GET', () => '/v1/checkins', 'pro'],
    ['audit log', 'GET', () => '/v1/audit-log', 'pro'],
    ['my day (patient)', 'GET', () => '/v1/me/daily', 'patient'],
    ['complete a task', 'POST', (i) => `/v1/daily-tasks/${i.taskId}/completion`, 'patient'],
    ['my check-ins', 'GET', () => '/v1/me/checkins', 'patient'],
    ['my threads (patient)', 'GET', () => '/v1/threads', 'patient'],
    ['biomarker catalog', 'GET', () => '/v1/biomarkers', 'pro'],
    ['lab panels', 'GET', (i) => `/v1/patients/${i.patientId}/lab-results?limit=50`, 'pro'],
    ['lab series', 'GET', (i) => `/v1/patients/${i.patientId}/lab-results?biomarker=glucose_fasting`, 'pro'],
    ['my lab panels (patient)', 'GET', (i) => `/v1/patients/${i.patientId}/lab-results`, 'patient'],
    ['record a lab panel', 'POST', (i) => `/v1/patients/${i.patientId}/lab-results`, 'pro', { collectedOn: '2026-11-30', values: [{ biomarker: 'hba1c', value: 5.5, unit: '%' }, { biomarker: 'tsh', value: 1.5, unit: 'm[IU]/L' }] }],
    ['measurements', 'GET', (i) => `/v1/patients/${i.patientId}/measurements`, 'pro'],
  ];

  it.each(HOT.map((r) => [r[0], r] as const))('when %s is requested, then it runs at most 10 statements', async (_name, [, method, path, who, body]) => {
    const { status, n, texts } = await count(method, path(ids), body, who === 'pro' ? pro.accessToken : patientToken);
    expect(status).toBeLessThan(300);
    expect({ n, within: n <= BUDGET }, texts.join('\n')).toEqual({ n, within: true });
  });

  it('when /v1/me is requested, then it is one transaction: BEGIN, settings, session check, profile (with the patient record), branding, COMMIT (issue 9)', async () => {
    for (const [token, n] of [[pro.accessToken, 6], [patientToken, 6]] as const) {
      const { status, texts } = await count('GET', '/v1/me', undefined, token);
      expect(status).toBe(200);
      const kinds = texts.map((t) => t.trim().split(/\s+/)[0]!.toLowerCase());
      expect({ n: texts.length, begins: kinds.filter((k) => k === 'begin').length, commits: kinds.filter((k) => k === 'commit').length }, texts.join('\n'))
        .toEqual({ n, begins: 1, commits: 1 });
    }
  });

  it('when a handler grows an N+1 over a list longer than the budget, then the guard catches it', async () => {
    const { status, n } = await count('GET', '/v1/test/n-plus-one', undefined, pro.accessToken);
    expect(status).toBe(200);
    expect(n).toBeGreaterThan(BUDGET);
  });
});
