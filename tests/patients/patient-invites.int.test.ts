import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, tables, withSystemBypass } from '@korevitta/db';
import { INVITE_QUOTA, PATIENT_INVITE_REQUESTED } from '@korevitta/domain';
import { invokeQueueFunction, relayOutbox, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { createProfessional, login, STRONG_PASSWORD, uniqueEmail, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { inviteDelivery, startPatientsHost } from './support.ts';

describe('patients: invites through the outbox, the default queue and the mailbox', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof inviteDelivery>;
  beforeAll(async () => {
    h = await startPatientsHost();
    delivery = inviteDelivery(h);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const addPatient = async (pro: Professional, body: Record<string, unknown> = {}) => {
    const email = uniqueEmail('paciente');
    const res = await h.api.post('/v1/patients', { name: 'João da Silva', email, ...body }, { token: pro.accessToken });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  };
  const invite = (pro: Professional, id: string) => h.api.post(`/v1/patients/${id}/invite`, undefined, { token: pro.accessToken });
  const mailsTo = (email: string) => h.rt.mailbox?.list({ to: email }) ?? [];

  it('when a patient is created, invited, relayed and delivered, then the mail in the branding name accepts into a patient login', async () => {
    const pro = await createProfessional(h, { name: 'Dra. Ana Souza' });
    await withSystemBypass(h.db, 'test: branding', (tx) => tx.update(tables.professionals).set({ displayName: 'Clínica Vida Leve' }).where(eq(tables.professionals.id, pro.professionalId)));
    const patient = await addPatient(pro);
    const res = await invite(pro, patient.id);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ inviteRequestId: expect.any(String), status: 'queued' });
    expect(mailsTo(patient.email)).toHaveLength(0); // nothing is sent before the relay: outbox, not "commit then send"
    await delivery.deliver();
    const [mail] = mailsTo(patient.email);
    expect(mail?.subject).toBe('Clínica Vida Leve convidou você para o KoreVitta');
    expect(mail).toMatchObject({ kind: 'patient_invite', token: expect.stringMatching(/^iv_/) });
    expect(mail?.link).toBe(new URL(`/convite?token=${mail?.token}`, h.rt.config.publicAppUrl).toString());
    expect(mail?.text).toContain(`\n${mail?.link}\n`);
    const token = mail?.token;
    const stored = await withSystemBypass(h.db, 'test: invites', (tx) => tx.select().from(tables.patientInvites).where(eq(tables.patientInvites.patientId, patient.id)));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toContain(token ?? '-');
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(7 * 86_400_000);

    const accepted = await h.api.post('/v1/invites/accept', { token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    const me = await h.api.get('/v1/me', { token: accepted.body.accessToken });
    expect(me.body.user.role).toBe('patient');
    expect(me.body.patient).toMatchObject({ id: patient.id, name: 'João da Silva' });
    expect(me.body.professional).toMatchObject({ displayName: 'Clínica Vida Leve' });
    expect((await h.api.get(`/v1/patients/${patient.id}`, { token: pro.accessToken })).body.hasLogin).toBe(true);

    const again = await invite(pro, patient.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PATIENT.HAS_LOGIN');
    // The patient's token may not use professional routes.
    expect((await h.api.post(`/v1/patients/${patient.id}/invite`, undefined, { token: accepted.body.accessToken })).status).toBe(403);
  });

  it('when the queue delivers the same invite message twice, then one e-mail and one invite row (34)', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro);
    await invite(pro, patient.id);
    await relayOutbox({ db: h.db, sender: h.rt.queue, now: h.rt.clock.now(), onlyTypes: [PATIENT_INVITE_REQUESTED] });
    const [message] = await h.rt.localQueue!.receive('default', { max: 1 });
    expect(message).toBeDefined();
    const queueFn = allFunctions.find((f): f is QueueFunctionDefinition => f.kind === 'queue' && f.queue === 'default')!;
    await invokeQueueFunction(queueFn, message!, h.rt);
    await invokeQueueFunction(queueFn, message!, h.rt);
    await h.rt.localQueue!.complete(message!.lockToken);
    expect(mailsTo(patient.email)).toHaveLength(1);
    const rows = await withSystemBypass(h.db, 'test: invites', (tx) => tx.select().from(tables.patientInvites).where(eq(tables.patientInvites.patientId, patient.id)));
    expect(rows).toHaveLength(1);
  });

  it('when sendInvite is set on creation, then the invite goes out without a second call', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro, { sendInvite: true });
    await delivery.deliver();
    expect(mailsTo(patient.email)).toHaveLength(1);
  });

  it('when the invite is resent, then only the newest link works', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro);
    await invite(pro, patient.id);
    await delivery.deliver();
    await invite(pro, patient.id);
    await delivery.deliver();
    const [newer, older] = mailsTo(patient.email).map((m) => m.token); // newest first
    expect(older && newer && older !== newer).toBe(true);
    expect((await h.api.post('/v1/invites/accept', { token: older, password: STRONG_PASSWORD })).status).toBe(400);
    expect((await h.api.post('/v1/invites/accept', { token: newer, password: STRONG_PASSWORD })).status).toBe(201);
  });

  it('when the e-mail changes after an invite was sent, then the old link stops working', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro);
    await invite(pro, patient.id);
    await delivery.deliver();
    const token = mailsTo(patient.email)[0]?.token;
    expect((await h.api.patch(`/v1/patients/${patient.id}`, { email: uniqueEmail('corrigido') }, { token: pro.accessToken, headers: { 'if-match': '*' } })).status).toBe(200);
    expect((await h.api.post('/v1/invites/accept', { token, password: STRONG_PASSWORD })).status).toBe(400);
  });

  it('when the patient has no e-mail or was deleted, then 409 / 404 and nothing is queued', async () => {
    const pro = await createProfessional(h);
    const noEmail = (await h.api.post('/v1/patients', { name: 'Sem e-mail' }, { token: pro.accessToken })).body.id as string;
    const res = await invite(pro, noEmail);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PATIENT.NO_EMAIL');
    const gone = await addPatient(pro);
    await h.api.delete(`/v1/patients/${gone.id}`, { token: pro.accessToken });
    expect((await invite(pro, gone.id)).status).toBe(404);
    const queued = await withSystemBypass(h.db, 'test: outbox', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`
      select count(*)::int as n from event_outbox where professional_id = ${pro.professionalId} and type = 'patients.invite_requested'`)));
    expect(queued[0]?.n).toBe(0);
  });

  it('when a patient is deleted after the request but before the worker, then no mail is sent', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro);
    await invite(pro, patient.id);
    await h.api.delete(`/v1/patients/${patient.id}`, { token: pro.accessToken });
    await delivery.deliver();
    expect(mailsTo(patient.email)).toHaveLength(0);
  });

  it('when one patient is invited over its daily cap, then 429 with Retry-After', async () => {
    const pro = await createProfessional(h);
    const patient = await addPatient(pro);
    for (let i = 0; i < INVITE_QUOTA.perPatientPerDay; i += 1) expect((await invite(pro, patient.id)).status).toBe(202);
    const over = await invite(pro, patient.id);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('INVITE.QUOTA_EXCEEDED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    await delivery.deliver();
    expect(mailsTo(patient.email).length).toBeLessThanOrEqual(INVITE_QUOTA.perPatientPerDay);
  });

  it('when a script invites past the practice quota (the pro plan: 50 a day), then 429 and the mail count never exceeds the quota (17)', async () => {
    const pro = await createProfessional(h, { plan: 'pro' });
    const perPatient = INVITE_QUOTA.perPatientPerDay;
    const patients = [];
    for (let i = 0; i < Math.ceil(INVITE_QUOTA.perProfessionalPerDay / perPatient) + 1; i += 1) patients.push(await addPatient(pro));
    const statuses: number[] = [];
    // Concurrent bursts per round, as a script would send them.
    for (let round = 0; round < perPatient; round += 1) {
      statuses.push(...(await Promise.all(patients.map((p) => invite(pro, p.id)))).map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(INVITE_QUOTA.perProfessionalPerDay);
    expect(statuses.filter((s) => s !== 202).every((s) => s === 429)).toBe(true);
    await delivery.deliver();
    await delivery.deliver();
    const sent = patients.reduce((n, p) => n + mailsTo(p.email).length, 0);
    expect(sent).toBe(INVITE_QUOTA.perProfessionalPerDay);
    // A day later the window has rolled: invites go out again.
    h.clock.advance(24 * 3600 * 1000 + 1000);
    try {
      const fresh = await login(h, pro.email, pro.password);
      const later = await h.api.post(`/v1/patients/${patients[0]!.id}/invite`, undefined, { token: fresh.body.accessToken });
      expect(later.status).toBe(202);
    } finally {
      h.clock.reset();
    }
    const open = await withSystemBypass(h.db, 'test: open invites', (tx) => tx.select().from(tables.patientInvites)
      .where(and(eq(tables.patientInvites.professionalId, pro.professionalId), isNull(tables.patientInvites.supersededAt))));
    expect(open.length).toBeLessThanOrEqual(patients.length);
  });

  it('when the practice is on the free plan, then its daily invites stop at the plan’s 10, not the pro default', async () => {
    const pro = await createProfessional(h, { plan: 'free' });
    const patients = [];
    for (let i = 0; i < 5; i += 1) patients.push(await addPatient(pro));
    const statuses: number[] = [];
    for (let round = 0; round < 3; round += 1) for (const p of patients) statuses.push((await invite(pro, p.id)).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
  });
});
