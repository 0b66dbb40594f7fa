import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, uniqueEmail, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { startPatientsHost } from './support.ts';

/**
 * TEST-CATALOG 12 for this routes: professional B and a patient of B call every patient route with
 * A's ids. B gets 404 (no existence oracle), B's patient 403 (professional-only routes); A's rows do not change.
 */
describe('patients: BOLA', () => {
  let h: TestHost;
  let a: Professional;
  let b: Professional;
  let bPatientToken: string;
  let aPatientId: string;
  beforeAll(async () => {
    h = await startPatientsHost();
    a = await createProfessional(h);
    b = await createProfessional(h);
    aPatientId = (await h.api.post('/v1/patients', { name: 'Paciente do A', email: uniqueEmail('a') }, { token: a.accessToken })).body.id;
    const invited = await createInvitedPatient(h, b.professionalId);
    bPatientToken = (await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD })).body.accessToken;
  });
  afterAll(async () => { await h.stop(); });

  const snapshot = () => withSystemBypass(h.db, 'test: BOLA snapshot', async (tx) => ({
    patient: rowsOf(await tx.execute(sql`select * from patients where id = ${aPatientId}`)),
    requests: rowsOf(await tx.execute(sql`select count(*)::int as n from patient_invite_requests where professional_id = ${a.professionalId}`)),
    outbox: rowsOf(await tx.execute(sql`select count(*)::int as n from event_outbox where professional_id = ${a.professionalId}`)),
    audit: rowsOf(await tx.execute(sql`select count(*)::int as n from audit_log where professional_id = ${a.professionalId}`)),
  }));

  const routes = () => [
    { method: 'GET', path: `/v1/patients/${aPatientId}`, body: undefined },
    { method: 'PATCH', path: `/v1/patients/${aPatientId}`, body: { name: 'Hackeado' } },
    { method: 'DELETE', path: `/v1/patients/${aPatientId}`, body: undefined },
    { method: 'POST', path: `/v1/patients/${aPatientId}/invite`, body: undefined },
  ];

  it('when B calls each route with A’s patient id, then 404 problem+json and nothing of A changes', async () => {
    const before = await snapshot();
    for (const r of routes()) {
      const res = await h.api.call(r.method, r.path, r.body, { token: b.accessToken, headers: { 'if-match': '"1"' } });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 404 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when B’s patient calls each route (and the lists), then 403 and nothing of A changes', async () => {
    const before = await snapshot();
    for (const r of [...routes(), { method: 'GET', path: '/v1/patients', body: undefined }, { method: 'POST', path: '/v1/patients', body: { name: 'X' } }, { method: 'GET', path: '/v1/audit-log', body: undefined }]) {
      const res = await h.api.call(r.method, r.path, r.body, { token: bPatientToken });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when B lists with A’s id as a filter, then nothing of A appears', async () => {
    expect((await h.api.get(`/v1/audit-log?entityId=${aPatientId}`, { token: b.accessToken })).body.items).toEqual([]);
    expect((await h.api.get('/v1/patients?q=paciente do a', { token: b.accessToken })).body.items).toEqual([]);
  });
});
