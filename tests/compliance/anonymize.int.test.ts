import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { whereFound } from './support.ts';
import { createInvitedPatient, createProfessional, login, randomUUID, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { seedCheckins, seedTaskDay } from '../risk/support.ts';

const dayBefore = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Issue 12: POST /v1/patients/{id}/anonymize is irreversible, audited without values, and leaves no identifier behind. */
describe('patient anonymisation (LGPD)', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  const tag = randomUUID().slice(0, 8);
  const name = `Zuleica Anonimizável ${tag}`;
  const email = `zuleica-${tag}@example.com`;
  let patient: { patientId: string; token: string; refreshToken: string };

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    other = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId, { name, email });
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    patient = { patientId: invite.patientId, token: accepted.body.accessToken, refreshToken: accepted.body.refreshToken };
    const current = await h.api.get(`/v1/patients/${patient.patientId}`, { token: pro.accessToken });
    const patched = await h.api.patch(`/v1/patients/${patient.patientId}`, { phone: '+5511999990000', notes: `Nota sobre ${name}`, birthDate: '1988-07-14' },
      { token: pro.accessToken, headers: { 'if-match': current.headers.get('etag') ?? '' } });
    expect(patched.status).toBe(200);
    const thread = await h.api.post('/v1/threads', { patientId: patient.patientId, subject: `Conversa com ${name}` }, { token: pro.accessToken });
    expect(thread.status).toBe(201);
    expect((await h.api.post(`/v1/threads/${thread.body.id}/messages`, { body: `Olá ${name}, tudo bem?` }, { token: pro.accessToken })).status).toBe(201);
    const p = { professionalId: pro.professionalId, patientId: patient.patientId };
    for (let d = 1; d <= 3; d += 1) await seedTaskDay(h.db, p, dayBefore(d), { meals: 4, done: 3 });
    await seedCheckins(h.db, p, [{ dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), status: 'submitted', submittedAt: new Date().toISOString() }]);
    await withSystemBypass(h.db, 'test seed: free-text answer', (tx) => tx.execute(sql`
      update checkins set responses = ${JSON.stringify({ peso: 71.5, comentario: `Sou ${name}, escreva para ${email}` })}::jsonb where patient_id = ${patient.patientId}`));
  });
  afterAll(async () => { await h.stop(); });

  const anonymize = (patientId: string, token: string, confirmPatientId: string = patientId) =>
    h.api.post(`/v1/patients/${patientId}/anonymize`, { confirmPatientId }, { token });
  const facts = () => withSystemBypass(h.db, 'test read: facts', async (tx) => rowsOf<{ days: number; done: number; peso: string | null }>(await tx.execute(sql`
    select (select count(*)::int from daily_adherence_days where patient_id = ${patient.patientId}) as days,
           (select sum(done)::int from daily_adherence_days where patient_id = ${patient.patientId}) as done,
           (select responses->>'peso' from checkins where patient_id = ${patient.patientId} limit 1) as peso`))[0]);

  it('when the name and e-mail are searched before, then they are in several tables (the search works)', async () => {
    expect((await whereFound(h, name)).length).toBeGreaterThanOrEqual(3);
    expect(await whereFound(h, email)).toContain('users.email');
  });

  it('when the confirmation is missing or names another patient, another tenant asks, or a patient asks, then 400, 404 and 403 and nothing changes', async () => {
    const wrong = await anonymize(patient.patientId, pro.accessToken, randomUUID());
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ pointer: '/body/confirmPatientId', code: 'confirmation_mismatch' })]);
    expect((await h.api.post(`/v1/patients/${patient.patientId}/anonymize`, {}, { token: pro.accessToken })).status).toBe(400);
    expect((await anonymize(patient.patientId, other.accessToken)).status).toBe(404);
    expect((await anonymize(patient.patientId, patient.token)).status).toBe(403);
    expect(await whereFound(h, email)).toContain('users.email');
  });

  it('when the professional anonymises the patient, then no table holds its name or e-mail, the numeric facts stay, and it is audited without values', async () => {
    const before = await facts();
    const res = await anonymize(patient.patientId, pro.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: patient.patientId, name: 'Paciente anonimizado', email: null, phone: null, notes: null, birthDate: '1988-01-01', status: 'archived' });
    expect(await whereFound(h, name)).toEqual([]);
    expect(await whereFound(h, email)).toEqual([]);
    expect(await whereFound(h, 'Zuleica')).toEqual([]);
    expect(await facts()).toEqual(before);
    const trail = await h.api.get(`/v1/audit-log?entityType=patient&entityId=${patient.patientId}&limit=100`, { token: pro.accessToken });
    const entry = trail.body.items.find((e: { action: string }) => e.action === 'patient.anonymized');
    expect(entry).toMatchObject({ actorUserId: pro.userId, changes: {} });
    expect(JSON.stringify(trail.body)).not.toContain(email);
  });

  it('when the patient tries its old login or session afterwards, then both are refused', async () => {
    expect((await login(h, email, STRONG_PASSWORD)).status).toBe(401);
    expect((await h.api.post('/v1/auth/refresh', { refreshToken: patient.refreshToken })).status).toBe(401);
  });

  it('when it is anonymised again, then 409 (irreversible, not repeated)', async () => {
    const again = await anonymize(patient.patientId, pro.accessToken);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PATIENT.ALREADY_ANONYMIZED');
  });
});
