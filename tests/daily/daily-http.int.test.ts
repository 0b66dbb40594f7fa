import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { materializeTasksForPatient, rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { addActiveProtocol, FIXED_CONTENT } from './support.ts';
import getMeDaily from '../../functions/http/daily/get-me-daily.ts';
import completeTask from '../../functions/http/daily/complete-task.ts';
import uncompleteTask from '../../functions/http/daily/uncomplete-task.ts';
import logWaterIntake from '../../functions/http/daily/log-water-intake.ts';
import getPatientAdherence from '../../functions/http/daily/get-patient-adherence.ts';
import { Adherence, Completion, MyDay, WaterLog } from '../../functions/http/daily/schemas.ts';

// 2026-11-30T02:30Z is Sunday 2026-11-29 23:30 in São Paulo: "today" for the patient is the 29th, the 30th is the future.
const NOW = new Date('2026-11-30T02:30:00Z');
const TODAY = '2026-11-29';

interface PatientLogin { patientId: string; token: string }

describe('daily execution over HTTP', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  let ana: PatientLogin;
  let bia: PatientLogin;
  let eve: PatientLogin; // a patient of the other professional

  async function patientOf(p: Professional): Promise<PatientLogin> {
    const invite = await createInvitedPatient(h, p.professionalId);
    const res = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(res.status).toBe(201);
    await addActiveProtocol(h.db, { professionalId: p.professionalId, patientId: invite.patientId, createdBy: p.userId, content: FIXED_CONTENT });
    await withSystemBypass(h.db, 'test: materialize', (tx) => materializeTasksForPatient(tx, { patientId: invite.patientId, now: NOW }));
    return { patientId: invite.patientId, token: res.body.accessToken };
  }
  const day = async (who: PatientLogin, date?: string) => {
    const res = await h.api.get(`/v1/me/daily${date ? `?date=${date}` : ''}`, { token: who.token });
    expect(res.status).toBe(200);
    return v.parse(MyDay, res.body);
  };
  const auditCount = async (entityId: string, action: string) => withSystemBypass(h.db, 'test read', async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_log where entity_id = ${entityId} and action = ${action}`))[0]?.n));
  const completionRows = async (taskId: string) => withSystemBypass(h.db, 'test read', async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from daily_task_completions where task_id = ${taskId}`))[0]?.n));

  beforeAll(async () => {
    h = await startTestHost({ extraFunctions: [getMeDaily, completeTask, uncompleteTask, logWaterIntake, getPatientAdherence] });
    h.clock.set(NOW);
    pro = await createProfessional(h);
    other = await createProfessional(h);
    ana = await patientOf(pro);
    bia = await patientOf(pro);
    eve = await patientOf(other);
  });
  afterAll(async () => { await h.stop(); });

  it("when a patient reads its day, then today's tasks come in time order with completion state and hydration progress", async () => {
    const d = await day(ana);
    expect(d).toMatchObject({ date: TODAY, today: TODAY, timezone: 'America/Sao_Paulo', hydration: { goalMl: 2000, consumedMl: 0, percent: 0 } });
    expect(d.tasks.map((t) => t.taskKey)).toEqual(['meal:cafe', 'supplement:creatina@08:00', 'meal:almoco', 'training:a', 'hydration']);
    expect(d.tasks.every((t) => !t.completed && t.protocolContentVersion === 1)).toBe(true);
    const future = await day(ana, '2026-12-01'); // a Tuesday: no session
    expect(future.tasks.map((t) => t.kind)).toEqual(['meal', 'supplement', 'meal', 'hydration']);
    expect((await h.api.get('/v1/me/daily?date=2026-02-30', { token: ana.token })).status).toBe(400);
  });

  it('when the patient asks for a future day not generated yet, then it gets the plan of its active protocol, not an empty day', async () => {
    const planned = await day(ana, '2026-12-10'); // a Thursday: meals, supplement and hydration, no training
    expect(planned.source).toBe('plan');
    expect(planned.tasks.length).toBeGreaterThan(0);
    expect(planned.tasks.every((t) => t.id === null && !t.completed && t.protocolContentVersion === 1)).toBe(true);
    expect(planned.tasks.map((t) => t.taskKey)).toEqual(expect.arrayContaining(['meal:cafe', 'meal:almoco', 'hydration']));
    expect(planned.hydration).toEqual({ goalMl: 2000, consumedMl: 0, percent: 0 });
    const today = await day(ana);
    expect(today.source).toBe('tasks');
    const past = await day(ana, '2026-10-01');
    expect(past).toMatchObject({ source: 'none', tasks: [], hydration: { goalMl: null, percent: null } });
    const invite = await createInvitedPatient(h, pro.professionalId);
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    const noProtocol = await day({ patientId: invite.patientId, token: accepted.body.accessToken }, '2026-12-10');
    expect(noProtocol).toMatchObject({ source: 'none', tasks: [] });
  });

  it('when a patient completes its own task of today twice and undoes it twice, then each pair is idempotent and audited once', async () => {
    const task = (await day(ana)).tasks.find((t) => t.taskKey === 'meal:cafe');
    if (!task?.id) throw new Error('no task');
    const first = await h.api.post(`/v1/daily-tasks/${task.id}/completion`, undefined, { token: ana.token });
    expect(first.status).toBe(200);
    expect(v.parse(Completion, first.body)).toEqual({ taskId: task.id, completed: true, completedAt: NOW.toISOString() });
    const again = await h.api.post(`/v1/daily-tasks/${task.id}/completion`, undefined, { token: ana.token });
    expect(again.body).toEqual(first.body);
    expect((await day(ana)).tasks.find((t) => t.id === task.id)).toMatchObject({ completed: true, completedAt: NOW.toISOString() });
    const undo = await h.api.delete(`/v1/daily-tasks/${task.id}/completion`, { token: ana.token });
    expect(undo.status).toBe(200);
    expect(undo.body).toEqual({ taskId: task.id, completed: false, completedAt: null });
    expect((await h.api.delete(`/v1/daily-tasks/${task.id}/completion`, { token: ana.token })).status).toBe(200);
    expect(await completionRows(task.id)).toBe(0);
    expect(await auditCount(task.id, 'daily_task.completed')).toBe(1);
    expect(await auditCount(task.id, 'daily_task.uncompleted')).toBe(1);
  });

  it("when the task is of a future day in the patient's zone (today in UTC), then 422 and nothing is written", async () => {
    const tomorrow = (await day(ana, '2026-11-30')).tasks.find((t) => t.kind === 'meal');
    if (!tomorrow?.id) throw new Error('no task');
    const res = await h.api.post(`/v1/daily-tasks/${tomorrow.id}/completion`, undefined, { token: ana.token });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('DAILY.FUTURE_TASK');
    expect(await completionRows(tomorrow.id)).toBe(0);
    const hydration = (await day(ana)).tasks.find((t) => t.kind === 'hydration');
    expect((await h.api.post(`/v1/daily-tasks/${hydration?.id}/completion`, undefined, { token: ana.token })).body.code).toBe('DAILY.TASK_NOT_COMPLETABLE');
  });

  it("when a patient (same or other tenant) or a professional touches another patient's task, then 404/403 with no side effect (BOLA)", async () => {
    const task = (await day(ana)).tasks.find((t) => t.taskKey === 'meal:almoco');
    if (!task?.id) throw new Error('no task');
    for (const who of [bia, eve]) {
      const post = await h.api.post(`/v1/daily-tasks/${task.id}/completion`, undefined, { token: who.token });
      expect(post.status).toBe(404);
      expect(post.text).not.toContain(ana.patientId);
      expect((await h.api.delete(`/v1/daily-tasks/${task.id}/completion`, { token: who.token })).status).toBe(404);
    }
    expect((await h.api.post(`/v1/daily-tasks/${task.id}/completion`, undefined, { token: pro.accessToken })).status).toBe(403);
    expect((await h.api.post('/v1/daily-tasks/00000000-0000-4000-8000-000000000000/completion', undefined, { token: ana.token })).status).toBe(404);
    expect((await h.api.post('/v1/daily-tasks/not-a-uuid/completion', undefined, { token: ana.token })).status).toBe(400);
    expect(await completionRows(task.id)).toBe(0);
    expect((await day(bia)).tasks.every((t) => !t.completed)).toBe(true);
  });

  it('when a patient logs water, then it counts for its local date and the hydration progress follows (uncapped percent)', async () => {
    const first = await h.api.post('/v1/me/water-intake', { amountMl: 500 }, { token: bia.token });
    expect(first.status).toBe(201);
    expect(v.parse(WaterLog, first.body)).toMatchObject({ logDate: TODAY, amountMl: 500, hydration: { goalMl: 2000, consumedMl: 500, percent: 25 } });
    const second = await h.api.post('/v1/me/water-intake', { amountMl: 2000 }, { token: bia.token });
    expect(second.body.hydration).toEqual({ goalMl: 2000, consumedMl: 2500, percent: 125 });
    // 02:00Z on the 29th is 23:00 on the 28th in São Paulo: yesterday's total.
    const late = await h.api.post('/v1/me/water-intake', { amountMl: 300, loggedAt: '2026-11-29T02:00:00Z' }, { token: bia.token });
    expect(late.body).toMatchObject({ logDate: '2026-11-28', hydration: { consumedMl: 300 } });
    const d = await day(bia);
    expect(d.hydration).toEqual({ goalMl: 2000, consumedMl: 2500, percent: 125 });
    expect(d.tasks.find((t) => t.kind === 'hydration')?.completed).toBe(true);
    expect((await day(ana)).hydration.consumedMl).toBe(0);
    for (const bad of [{ amountMl: 0 }, { amountMl: 5001 }, { amountMl: 1.5 }, { amountMl: 200, loggedAt: '2026-11-30T03:30:00Z' }, { amountMl: 200, extra: 1 }]) {
      expect({ bad, status: (await h.api.post('/v1/me/water-intake', bad, { token: bia.token })).status }).toEqual({ bad, status: 400 });
    }
    expect((await h.api.post('/v1/me/water-intake', { amountMl: 200 }, { token: pro.accessToken })).status).toBe(403);
    expect(await auditCount(first.body.id, 'water_intake.logged')).toBe(1);
  });

  it("when the professional reads a patient's adherence, then the daily series and the 7/30-day averages reflect completions and water", async () => {
    const tasks = (await day(bia)).tasks.filter((t) => t.kind !== 'hydration');
    for (const t of tasks.slice(0, 2)) expect((await h.api.post(`/v1/daily-tasks/${t.id}/completion`, undefined, { token: bia.token })).status).toBe(200);
    const res = await h.api.get(`/v1/patients/${bia.patientId}/adherence?from=2026-11-27&to=2026-11-30`, { token: pro.accessToken });
    expect(res.status).toBe(200);
    const a = v.parse(Adherence, res.body);
    expect(a.days.map((d) => [d.date, d.completed, d.total, d.completionRate, d.hydration.percent])).toEqual([
      ['2026-11-27', 0, 0, null, null],
      ['2026-11-28', 0, 0, null, null],
      [TODAY, 2, 4, 0.5, 125],
      ['2026-11-30', 0, 4, 0, 0],
    ]);
    expect(a.averages.last7).toEqual({ from: '2026-11-23', to: TODAY, completionRate: 0.5, hydrationRate: 1 });
    expect(a.averages.last30).toMatchObject({ to: TODAY, completionRate: 0.5 });
    const dflt = await h.api.get(`/v1/patients/${bia.patientId}/adherence`, { token: pro.accessToken });
    expect(dflt.body).toMatchObject({ from: '2026-10-31', to: TODAY });
  });

  it('when adherence is asked across tenants, by a patient or with a bad range, then 404, 403 or 400', async () => {
    expect((await h.api.get(`/v1/patients/${bia.patientId}/adherence`, { token: other.accessToken })).status).toBe(404);
    expect((await h.api.get(`/v1/patients/${eve.patientId}/adherence`, { token: pro.accessToken })).status).toBe(404);
    expect((await h.api.get(`/v1/patients/${bia.patientId}/adherence`, { token: bia.token })).status).toBe(403);
    expect((await h.api.get(`/v1/patients/${bia.patientId}/adherence?from=2026-01-01&to=2026-11-29`, { token: pro.accessToken })).status).toBe(400);
    expect((await h.api.get(`/v1/patients/${bia.patientId}/adherence?from=2026-11-29&to=2026-11-01`, { token: pro.accessToken })).status).toBe(400);
    expect((await h.api.get('/v1/patients/not-a-uuid/adherence', { token: pro.accessToken })).status).toBe(400);
  });
});
