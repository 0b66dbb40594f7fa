import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drainPatientAccessBuffer, rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { createPatientWithLogin } from '../protocols/support.ts';

/**
 * Issue 12 (ADR 0019): reads of a patient's messages, measurements and photos are recorded like the record, the
 * protocols and the check-ins: one buffered entry per successful read by someone other than the patient itself,
 * visible in GET /v1/patients/{id}/access-log after the drain.
 */
describe('access log coverage: messages, measurements, photos', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  let patient: { patientId: string; token: string };
  let threadId: string;
  let measurementId: string;

  const buffered = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patient_access_buffer where patient_id = ${patientId}`))[0]?.n));
  const reads = () => [
    ['messages', `/v1/threads/${threadId}/messages`],
    ['measurements', `/v1/patients/${patient.patientId}/measurements`],
    ['measurements', `/v1/patients/${patient.patientId}/measurements/${measurementId}`],
    ['photos', `/v1/patients/${patient.patientId}/photos`],
  ] as const;

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    other = await createProfessional(h);
    const login = await createPatientWithLogin(h, pro);
    patient = { patientId: login.patientId, token: login.accessToken };
    const thread = await h.api.post('/v1/threads', { patientId: patient.patientId }, { token: pro.accessToken });
    expect(thread.status).toBe(201);
    threadId = thread.body.id;
    expect((await h.api.post(`/v1/threads/${threadId}/messages`, { body: 'Como foi a semana?' }, { token: pro.accessToken })).status).toBe(201);
    const measured = await h.api.post(`/v1/patients/${patient.patientId}/measurements`, { measuredOn: '2026-11-20', weightKg: 80.5 }, { token: pro.accessToken });
    expect(measured.status).toBe(201);
    measurementId = measured.body.id;
  });
  afterAll(async () => { await h.stop(); });

  it('when the professional reads the messages, the measurements (list and one) and the photos, then each read is an entry of its kind in the access log after the drain', async () => {
    const requestIds: string[] = [];
    for (const [, path] of reads()) {
      const res = await h.api.get(path, { token: pro.accessToken });
      expect(res.status).toBe(200);
      requestIds.push(res.headers.get('x-request-id') ?? '');
      h.clock.advance(1000);
    }
    expect(await buffered(patient.patientId)).toBe(4);
    await drainPatientAccessBuffer(h.db);
    const log = await h.api.get(`/v1/patients/${patient.patientId}/access-log`, { token: pro.accessToken });
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { kind: string; requestId: string; actorUserId: string }) => [e.kind, e.requestId, e.actorUserId]))
      .toEqual(reads().map(([kind], i) => [kind, requestIds[i], pro.userId]).reverse());
  });

  it('when the patient reads its own messages, measurements and photos, then nothing is recorded (the subject is not an accessor)', async () => {
    const before = await buffered(patient.patientId);
    for (const [, path] of reads()) expect((await h.api.get(path, { token: patient.token })).status).toBe(200);
    expect(await buffered(patient.patientId)).toBe(before);
  });

  it('when another tenant tries the same reads, then 404 and nothing is recorded', async () => {
    const before = await buffered(patient.patientId);
    for (const [, path] of reads()) expect((await h.api.get(path, { token: other.accessToken })).status).toBe(404);
    expect(await buffered(patient.patientId)).toBe(before);
  });
});
