import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { refreshAnalyticsView, rowsOf, withSystemBypass, withTenant, type TenantContext } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { isRealPostgres } from '../support/database.ts';
import { pgCode } from '../support/pg-error.ts';
import { seedCheckins, seedTaskDay } from '../risk/support.ts';
import { DashboardBody } from '../../functions/http/analytics/get-dashboard.ts';
import requestAnalyticsRefresh from '../../functions/timer/request-analytics-refresh.ts';
import bulkQueue from '../../functions/queue/bulk-queue.ts';
import { PoisonMessageError, type QueueSender } from '@korevitta/platform';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { InvocationContext } from '@azure/functions';

const DAY = 86_400_000;
const dayBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const FACTORS = [
  { factor: 'missed_checkins', value: 3, contribution: 20, explanation: '3 check-ins missed recently' },
  { factor: 'inactivity', value: 12, contribution: 30, explanation: '12 days without activity' },
];

/** Issue 12, TEST-CATALOG 24: mv_patient_dashboard is served per tenant; the app cannot read the view itself. */
describe('GET /v1/dashboard from mv_patient_dashboard', () => {
  let h: TestHost;
  let a: Professional;
  let b: Professional;
  const patientsOfA: string[] = [];
  let patientOfB: string;

  const createPatient = async (p: Professional, name: string) => {
    const res = await h.api.post('/v1/patients', { name }, { token: p.accessToken });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ctxOf = (p: Professional): TenantContext => ({ userId: p.userId, role: 'professional', professionalId: p.professionalId, patientId: null });
  const dashboard = async (p: Professional) => {
    const res = await h.api.get('/v1/dashboard', { token: p.accessToken });
    expect(res.status).toBe(200);
    return v.parse(DashboardBody, res.body);
  };

  beforeAll(async () => {
    h = await startTestHost();
    a = await createProfessional(h);
    b = await createProfessional(h);
    for (const name of ['Ana Risco', 'Bruno Silencioso', 'Carla Ativa']) patientsOfA.push(await createPatient(a, name));
    patientOfB = await createPatient(b, 'Outro Tenant');
    const [risky, silent, active] = patientsOfA as [string, string, string];
    await withSystemBypass(h.db, 'test seed: dashboard facts', async (tx) => {
      await tx.execute(sql`update patients set status = 'at_risk', risk_score = 70, risk_band = 'high', risk_factors = ${JSON.stringify(FACTORS)}::jsonb,
        last_activity_at = now() - interval '1 day' where id = ${risky}`);
      await tx.execute(sql`update patients set created_at = now() - interval '20 days', last_activity_at = now() - interval '15 days' where id = ${silent}`);
      await tx.execute(sql`update patients set last_activity_at = now() where id in (${active}, ${patientOfB})`);
      await tx.execute(sql`update patients set status = 'at_risk', risk_score = 90, risk_band = 'high' where id = ${patientOfB}`);
    });
    const pa = { professionalId: a.professionalId, patientId: active };
    // Last 7 complete days: 8 of 10 tasks a day; the 7 before: 5 of 10.
    for (let d = 1; d <= 14; d += 1) await seedTaskDay(h.db, pa, dayBefore(d), { meals: 10, done: d <= 7 ? 8 : 5 });
    await seedCheckins(h.db, pa, [
      { dueAt: new Date(Date.now() - 3 * DAY).toISOString(), status: 'submitted', submittedAt: new Date(Date.now() - 50 * 3_600_000).toISOString() },
      { dueAt: new Date(Date.now() - 10 * DAY).toISOString(), status: 'reviewed', submittedAt: new Date(Date.now() - 10 * DAY).toISOString() },
    ]);
    expect(await refreshAnalyticsView(h.db, 'mv_patient_dashboard')).toMatchObject({ outcome: 'refreshed' });
  });
  afterAll(async () => { await h.stop(); });

  it('when the professional opens the dashboard, then it shows its patients by status, the at-risk one with its top factor, the review wait, adherence with its trend and the silent patients', async () => {
    const d = await dashboard(a);
    expect(d.patients).toEqual({ total: 3, active: 2, atRisk: 1, paused: 0, archived: 0 });
    expect(d.atRisk).toEqual([{ patientId: patientsOfA[0], name: 'Ana Risco', score: 70, band: 'high', topFactor: 'inactivity' }]);
    expect(d.checkins.awaitingReview).toBe(1);
    expect(d.checkins.oldestWaitHours).toBeGreaterThanOrEqual(49);
    expect(d.adherence).toEqual({ last7DaysRate: 0.8, previous7DaysRate: 0.5, last30DaysRate: 0.65, trend: 'up' });
    expect(d.silentPatients).toEqual({ days7: 1, days14: 1 });
    expect(d.computedAt).not.toBeNull();
  });

  it('when another professional opens its dashboard, then it sees only its own patient, never A\'s (cross-tenant)', async () => {
    const d = await dashboard(b);
    expect(d.patients.total).toBe(1);
    expect(d.atRisk.map((r) => r.patientId)).toEqual([patientOfB]);
    expect(JSON.stringify(d)).not.toContain(patientsOfA[0]);
    expect(d.checkins.awaitingReview).toBe(0);
  });

  it('when a professional registered after the last refresh opens it, then zeros with the view\'s refresh time', async () => {
    const c = await createProfessional(h);
    const d = await dashboard(c);
    expect(d.patients.total).toBe(0);
    expect(d.atRisk).toEqual([]);
    expect(d.computedAt).not.toBeNull();
  });

  it('when the data changes, then the dashboard changes only after the next refresh (eventually consistent)', async () => {
    const before = await dashboard(a);
    await createPatient(a, 'Nova Paciente');
    expect((await dashboard(a)).patients.total).toBe(before.patients.total);
    await refreshAnalyticsView(h.db, 'mv_patient_dashboard');
    expect((await dashboard(a)).patients.total).toBe(before.patients.total + 1);
  });

  it('when nobody asks, then 401', async () => {
    expect((await h.api.get('/v1/dashboard')).status).toBe(401);
  });

  it('when the app role selects the materialized view directly, then permission is denied; the function returns only the caller\'s row', async () => {
    const direct = await withTenant(h.db, ctxOf(a), (tx) => tx.execute(sql`select * from analytics.mv_patient_dashboard`)).then(() => 'ok', (e: unknown) => pgCode(e));
    expect(direct).toBe('42501');
    const rows = await withTenant(h.db, ctxOf(b), async (tx) => rowsOf<{ patients_total: number }>(await tx.execute(sql`select patients_total from app_ctx.patient_dashboard()`)));
    expect(rows).toEqual([{ patients_total: 1 }]);
    const asPatient = await withTenant(h.db, { ...ctxOf(b), role: 'patient', patientId: patientOfB }, async (tx) => rowsOf(await tx.execute(sql`select * from app_ctx.patient_dashboard()`)));
    expect(asPatient).toEqual([]);
  });

  it('when the timer fires, then it only enqueues one message per view on bulk (same slot, same id), and the bulk consumer refreshes the view', async () => {
    const sent: { queue: QueueName; message: MessageEnvelope }[] = [];
    const queue: QueueSender = { send: async (q, message) => { sent.push({ queue: q, message }); }, close: async () => undefined };
    const now = new Date('2026-12-03T13:07:00Z');
    await requestAnalyticsRefresh.handler({ rt: { ...h.rt, queue }, now, isPastDue: false, log: h.rt.log });
    await requestAnalyticsRefresh.handler({ rt: { ...h.rt, queue }, now: new Date('2026-12-03T13:14:59Z'), isPastDue: false, log: h.rt.log });
    const perRun = [['bulk', 'analytics.refresh_requested', { view: 'mv_patient_dashboard' }], ['bulk', 'analytics.refresh_requested', { view: 'mv_protocol_effectiveness' }]];
    expect(sent.map((s) => [s.queue, s.message.type, s.message.payload])).toEqual([...perRun, ...perRun]);
    expect(sent[0]!.message.messageId).toBe(sent[2]!.message.messageId);
    expect(sent[1]!.message.messageId).toBe(sent[3]!.message.messageId);
    expect(sent[0]!.message.messageId).not.toBe(sent[1]!.message.messageId);
    const before = (await dashboard(a)).patients.total;
    await createPatient(a, 'Pelo Consumidor');
    const delivery = { messageId: sent[0]!.message.messageId, deliveryCount: 1, enqueuedAt: now };
    await bulkQueue.handler(sent[0]!.message, delivery, { rt: h.rt, log: h.rt.log, invocation: {} as InvocationContext });
    expect((await dashboard(a)).patients.total).toBe(before + 1);
  });

  it('when a refresh message names an unknown view, then it is a poison message (dead-lettered at once), not a retry loop', async () => {
    const message = { messageId: 'analytics-refresh:bad', type: 'analytics.refresh_requested', version: 1, occurredAt: new Date().toISOString(), correlationId: null, payload: { view: 'pg_authid' } };
    await expect(bulkQueue.handler(message, { messageId: message.messageId, deliveryCount: 1, enqueuedAt: null }, { rt: h.rt, log: h.rt.log, invocation: {} as InvocationContext }))
      .rejects.toBeInstanceOf(PoisonMessageError);
  });

  it.runIf(isRealPostgres())('when a refresh is already running, then a second one is skipped, not queued behind it (P4)', async () => {
    const holder = h.db.orm.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7301201)`);
      await new Promise((r) => setTimeout(r, 300));
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await refreshAnalyticsView(h.db, 'mv_patient_dashboard')).toEqual({ outcome: 'skipped_running' });
    await holder;
  });
});
