import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { materializeTasksForPatient, recalculateRiskNightly, rowsOf, withSystemBypass } from '@korevitta/db';
import { RISK_RECALCULATION_REQUESTED } from '@korevitta/domain';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createPatientLogin, createInvitedPatient, createProfessional, type Professional } from '../support/factories.ts';
import { addActiveProtocol, FIXED_CONTENT } from '../daily/support.ts';
import { PatientRiskBody } from '../../functions/http/patients/risk-schemas.ts';
import { seedCheckins, storedRisk } from './support.ts';

const DAY = 86_400_000;

describe('GET /v1/patients/{patientId}/risk, the CRM list by risk, and the daily events that request a recalculation', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  let patient: { patientId: string; token: string };

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    other = await createProfessional(h);
    const login = await createPatientLogin(h, pro.professionalId);
    patient = { patientId: login.patientId, token: login.token };
  });
  afterAll(async () => { await h.stop(); });

  const getRisk = (patientId: string, token?: string) => h.api.get(`/v1/patients/${patientId}/risk`, token ? { token } : {});
  const requests = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ reason: string }>(await tx.execute(sql`
    select reason from risk_recalc_requests where patient_id = ${patientId}`)));
  const messages = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from event_outbox where type = ${RISK_RECALCULATION_REQUESTED} and payload->>'patientId' = ${patientId}`))[0]?.n));

  it('when a patient is created over HTTP, then it is assessed at once: the CRM list and the risk endpoint show the same stored score and band', async () => {
    const owner = await createProfessional(h);
    const created = await h.api.post('/v1/patients', { name: 'Recém-chegada' }, { token: owner.accessToken });
    expect(created.status).toBe(201);
    expect(created.body.riskScore).toEqual(expect.any(Number));
    const risk = v.parse(PatientRiskBody, (await getRisk(created.body.id, owner.accessToken)).body);
    expect(risk.live).toBe(false);
    const listed = (await h.api.get(`/v1/patients?riskBand=${risk.band}&limit=100`, { token: owner.accessToken })).body.items.find((p: { id: string }) => p.id === created.body.id);
    expect(listed).toMatchObject({ riskScore: risk.score, riskBand: risk.band });
    expect(created.body).toMatchObject({ riskScore: risk.score, riskBand: risk.band });
  });

  it('when the patient was never assessed, then the risk is computed live (not stored) with factors summing to the score', async () => {
    const res = await getRisk(patient.patientId, pro.accessToken);
    expect(res.status).toBe(200);
    const body = v.parse(PatientRiskBody, res.body);
    expect(body).toMatchObject({ patientId: patient.patientId, score: 20, band: 'low', status: 'active', live: true });
    expect(body.factors.map((f) => f.factor)).toEqual(['on_time_rate', 'missed_checkins', 'average_delay', 'adherence_7d', 'adherence_30d', 'hydration', 'streak', 'inactivity']);
    expect(body.factors.reduce((a, f) => a + f.contribution, 0)).toBe(body.score);
    expect(await storedRisk(h.db, patient.patientId)).toMatchObject({ risk_score: null, risk_computed_at: null });
  });

  it('when the patient was assessed, then the stored assessment is returned, factors summing to the score', async () => {
    const now = h.clock.now();
    await seedCheckins(h.db, { professionalId: pro.professionalId, patientId: patient.patientId },
      [7, 14, 21].map((d) => ({ dueAt: new Date(now.getTime() - d * DAY).toISOString(), status: 'missed' as const })));
    await recalculateRiskNightly(h.db, { now, professionalIds: [pro.professionalId] });
    const res = await getRisk(patient.patientId, pro.accessToken);
    expect(res.status).toBe(200);
    const body = v.parse(PatientRiskBody, res.body);
    expect(body).toMatchObject({ score: 60, band: 'high', status: 'at_risk', live: false, computedAt: now.toISOString() });
    expect(body.factors.reduce((a, f) => a + f.contribution, 0)).toBe(60);
    expect(body.factors.find((f) => f.factor === 'missed_checkins')).toEqual({ factor: 'missed_checkins', value: 3, contribution: 20, explanation: '3 check-ins missed recently' });
  });

  it('when another tenant, a patient or nobody asks, then 404, 403 and 401; a malformed id is a 400', async () => {
    expect((await getRisk(patient.patientId, other.accessToken)).status).toBe(404);
    expect((await getRisk('0190a4f0-0000-7000-8000-000000000000', pro.accessToken)).status).toBe(404);
    expect((await getRisk(patient.patientId, patient.token)).status).toBe(403);
    expect((await getRisk(patient.patientId)).status).toBe(401);
    expect((await getRisk('not-a-uuid', pro.accessToken)).status).toBe(400);
  });

  it('when the CRM list is filtered and sorted by risk after a recalculation, then the at-risk patient leads and the band filter holds', async () => {
    const calm = await createInvitedPatient(h, pro.professionalId, { name: 'Calma' });
    await withSystemBypass(h.db, 'test: active yesterday', (tx) => tx.execute(sql`update patients set last_activity_at = ${new Date(h.clock.now().getTime() - DAY).toISOString()}::timestamptz where id = ${calm.patientId}`));
    await recalculateRiskNightly(h.db, { now: h.clock.now(), professionalIds: [pro.professionalId] });
    const high = await h.api.get('/v1/patients?riskBand=high', { token: pro.accessToken });
    expect(high.status).toBe(200);
    expect(high.body.items.map((p: { id: string }) => p.id)).toEqual([patient.patientId]);
    const sorted = await h.api.get('/v1/patients?sort=risk', { token: pro.accessToken });
    expect(sorted.body.items.map((p: { id: string; status: string; riskBand: string }) => [p.id, p.status, p.riskBand]))
      .toEqual([[patient.patientId, 'at_risk', 'high'], [calm.patientId, 'active', 'low']]);
    const byActivity = await h.api.get('/v1/patients?sort=lastActivity', { token: pro.accessToken });
    expect(byActivity.body.items[0].id).toBe(calm.patientId);
  });

  it('when the patient completes and undoes a task and logs water, then each asks for a recalculation in its transaction, coalesced into one', async () => {
    await addActiveProtocol(h.db, { professionalId: pro.professionalId, patientId: patient.patientId, createdBy: pro.userId, content: FIXED_CONTENT });
    await withSystemBypass(h.db, 'test: materialize', (tx) => materializeTasksForPatient(tx, { patientId: patient.patientId, now: h.clock.now() }));
    const day = await h.api.get('/v1/me/daily', { token: patient.token });
    const task = day.body.tasks.find((t: { kind: string }) => t.kind !== 'hydration');
    expect(task).toBeDefined();
    const before = await messages(patient.patientId);
    expect((await h.api.post(`/v1/daily-tasks/${task.id}/completion`, undefined, { token: patient.token })).status).toBe(200);
    expect(await requests(patient.patientId)).toEqual([{ reason: 'task_completed' }]);
    expect((await h.api.delete(`/v1/daily-tasks/${task.id}/completion`, { token: patient.token })).status).toBe(200);
    expect((await h.api.post('/v1/me/water-intake', { amountMl: 250 }, { token: patient.token })).status).toBe(201);
    expect(await requests(patient.patientId)).toEqual([{ reason: 'task_completed' }]);
    expect(await messages(patient.patientId)).toBe(before + 1);
  });

  it('when a pending request is consumed and water is logged again, then water_logged queues a new one', async () => {
    await withSystemBypass(h.db, 'test: consumer ran', (tx) => tx.execute(sql`delete from risk_recalc_requests where patient_id = ${patient.patientId}`));
    expect((await h.api.post('/v1/me/water-intake', { amountMl: 250 }, { token: patient.token })).status).toBe(201);
    expect(await requests(patient.patientId)).toEqual([{ reason: 'water_logged' }]);
  });
});
