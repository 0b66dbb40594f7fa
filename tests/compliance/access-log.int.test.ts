import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drainPatientAccessBuffer, rowsOf, withSystemBypass, withTenant, type TenantContext } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createPatientLogin, createProfessional, type Professional } from '../support/factories.ts';
import { pgCode } from '../support/pg-error.ts';

const CONTENT = { hydration: { dailyGoalMl: 2000 } };

/** Issue 12: "who saw this patient". Reads are recorded in the unlogged buffer, drained into the partitioned log. */
describe('patient access log', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  let patient: { patientId: string; token: string; userId: string };
  let protocolId: string;

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    other = await createProfessional(h);
    const login = await createPatientLogin(h, pro.professionalId);
    const me = await h.api.get('/v1/me', { token: login.token });
    patient = { patientId: login.patientId, token: login.token, userId: me.body.user.id };
    const created = await h.api.post(`/v1/patients/${patient.patientId}/protocols`, { name: 'Plano', content: CONTENT }, { token: pro.accessToken });
    expect(created.status).toBe(201);
    protocolId = created.body.id;
    expect((await h.api.post(`/v1/protocols/${protocolId}/activate`, undefined, { token: pro.accessToken })).status).toBe(200);
  });
  afterAll(async () => { await h.stop(); });

  const accessLog = (patientId: string, token: string, query = '') => h.api.get(`/v1/patients/${patientId}/access-log${query}`, { token });
  const buffered = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patient_access_buffer where patient_id = ${patientId}`))[0]?.n));

  it('when a professional reads the record, risk, adherence and protocols, then each read is one entry with who, what and the request id, newest first', async () => {
    const reads = [
      ['patient_record', `/v1/patients/${patient.patientId}`],
      ['risk', `/v1/patients/${patient.patientId}/risk`],
      ['adherence', `/v1/patients/${patient.patientId}/adherence`],
      ['protocols', `/v1/patients/${patient.patientId}/protocols`],
      ['protocols', `/v1/protocols/${protocolId}`],
    ] as const;
    const requestIds: string[] = [];
    for (const [, path] of reads) {
      const res = await h.api.get(path, { token: pro.accessToken });
      expect(res.status).toBe(200);
      requestIds.push(res.headers.get('x-request-id') ?? '');
      h.clock.advance(1000);
    }
    expect(await buffered(patient.patientId)).toBe(5);
    expect((await accessLog(patient.patientId, pro.accessToken)).body.items).toEqual([]);
    await drainPatientAccessBuffer(h.db);
    expect(await buffered(patient.patientId)).toBe(0);
    const res = await accessLog(patient.patientId, pro.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { kind: string }) => e.kind)).toEqual(reads.map(([k]) => k).reverse());
    expect(res.body.items[0]).toMatchObject({ actorUserId: pro.userId, actorRole: 'professional', requestId: requestIds[4] });
    expect(res.body.nextCursor).toBeNull();
  });

  it('when the log has more entries than a page, then the cursor walks it without repeats', async () => {
    const page1 = await accessLog(patient.patientId, pro.accessToken, '?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await accessLog(patient.patientId, pro.accessToken, `?limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await accessLog(patient.patientId, pro.accessToken, `?limit=2&cursor=${page2.body.nextCursor}`);
    const ids = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(5);
  });

  it('when the patient reads its own protocol, then nothing is recorded (the subject is not an accessor)', async () => {
    const before = await buffered(patient.patientId);
    expect((await h.api.get(`/v1/protocols/${protocolId}`, { token: patient.token })).status).toBe(200);
    expect(await buffered(patient.patientId)).toBe(before);
  });

  it('when another tenant reads the patient or its log, then 404 and nothing is recorded; a patient token is 403', async () => {
    const before = await buffered(patient.patientId);
    expect((await h.api.get(`/v1/patients/${patient.patientId}`, { token: other.accessToken })).status).toBe(404);
    expect((await h.api.get(`/v1/protocols/${protocolId}`, { token: other.accessToken })).status).toBe(404);
    expect((await accessLog(patient.patientId, other.accessToken)).status).toBe(404);
    expect((await accessLog(patient.patientId, patient.token)).status).toBe(403);
    expect((await accessLog('not-a-uuid', pro.accessToken)).status).toBe(400);
    expect(await buffered(patient.patientId)).toBe(before);
  });

  describe('RLS (TEST-CATALOG 21)', () => {
    const ctxOf = (p: Professional): TenantContext => ({ userId: p.userId, role: 'professional', professionalId: p.professionalId, patientId: null });
    const insertAs = (ctx: TenantContext, professionalId: string, actorUserId: string) => withTenant(h.db, ctx, (tx) => tx.execute(sql`
      insert into patient_access_buffer (id, professional_id, patient_id, actor_user_id, actor_role, kind, accessed_at)
      values (gen_random_uuid(), ${professionalId}, ${patient.patientId}, ${actorUserId}, 'professional', 'patient_record', now())`)).then(() => 'ok', (e: unknown) => pgCode(e));

    it('when the app appends to the buffer, then only for its own tenant and as itself; it can never read the buffer', async () => {
      expect(await insertAs(ctxOf(other), pro.professionalId, other.userId)).toBe('42501');
      expect(await insertAs(ctxOf(pro), pro.professionalId, other.userId)).toBe('42501');
      const read = await withTenant(h.db, ctxOf(pro), (tx) => tx.execute(sql`select * from patient_access_buffer`)).then(() => 'ok', (e: unknown) => pgCode(e));
      expect(read).toBe('42501');
    });

    it('when another tenant selects the log, then it sees none of it; the patient sees its own entries; nobody can change them', async () => {
      const count = (ctx: TenantContext) => withTenant(h.db, ctx, async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(sql`
        select count(*)::int as n from patient_access_log where patient_id = ${patient.patientId}`))[0]?.n));
      expect(await count(ctxOf(pro))).toBeGreaterThanOrEqual(5);
      expect(await count(ctxOf(other))).toBe(0);
      expect(await count({ userId: patient.userId, role: 'patient', professionalId: pro.professionalId, patientId: patient.patientId })).toBeGreaterThanOrEqual(5);
      const erase = await withTenant(h.db, ctxOf(pro), (tx) => tx.execute(sql`delete from patient_access_log where patient_id = ${patient.patientId}`)).then(() => 'ok', (e: unknown) => pgCode(e));
      expect(erase).toBe('42501');
    });
  });
});
