import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import { createProfessional, randomUUID, uniqueEmail, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { startPatientsHost } from './support.ts';

describe('patients: create, read, update, soft-delete', () => {
  let h: TestHost;
  let pro: Professional;
  beforeAll(async () => {
    h = await startPatientsHost();
    pro = await createProfessional(h);
  });
  afterAll(async () => { await h.stop(); });

  const create = (body: unknown, headers: Record<string, string> = {}) => h.api.post('/v1/patients', body, { token: pro.accessToken, headers });
  const rowOf = (id: string) => withSystemBypass(h.db, 'test: read patient', async (tx) => (await tx.select().from(tables.patients).where(eq(tables.patients.id, id)))[0]);

  it('when a patient is created with only a name, then it is active in America/Sao_Paulo with an ETag and a Location', async () => {
    const res = await create({ name: 'João da Silva' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'João da Silva', email: null, timezone: 'America/Sao_Paulo', status: 'active', hasLogin: false, revision: 1, riskBand: 'low' });
    expect(res.body.riskScore).toEqual(expect.any(Number));
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/patients/${res.body.id}`);
    expect(Object.keys(res.body)).not.toContain('searchText');
    const row = await rowOf(res.body.id);
    expect(row?.searchText).toBe('joao da silva');
    expect(row?.professionalId).toBe(pro.professionalId);
  });

  it('when every field is given, then GET returns them, e-mail lower-cased', async () => {
    const email = uniqueEmail('Maria').toUpperCase();
    const res = await create({ name: 'Maria', email, phone: '+55 11 91234-5678', birthDate: '1990-05-17', notes: 'alergia a amendoim', timezone: 'America/Manaus', status: 'paused' });
    expect(res.status).toBe(201);
    const got = await h.api.get(`/v1/patients/${res.body.id}`, { token: pro.accessToken });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ email: email.toLowerCase(), phone: '+55 11 91234-5678', birthDate: '1990-05-17', notes: 'alergia a amendoim', timezone: 'America/Manaus', status: 'paused' });
    expect(got.headers.get('etag')).toBe('"1"');
  });

  it('when sex is given on create and changed by PATCH, then the detail shows it, unknown by default, and the audit masks it', async () => {
    const plain = await create({ name: 'Sem Sexo Informado' });
    expect(plain.body.sex).toBe('unknown');
    const res = await create({ name: 'Clara', sex: 'female' });
    expect(res.status).toBe(201);
    expect(res.body.sex).toBe('female');
    const patched = await h.api.patch(`/v1/patients/${res.body.id}`, { sex: 'male' }, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ sex: 'male', revision: 2 });
    expect((await h.api.get(`/v1/patients/${res.body.id}`, { token: pro.accessToken })).body.sex).toBe('male');
    expect((await rowOf(res.body.id))?.sex).toBe('male');
    const audit = await withSystemBypass(h.db, 'test: audit', (tx) => tx.select().from(tables.auditLog).where(eq(tables.auditLog.entityId, res.body.id)));
    expect(audit.find((a) => a.action === 'patient.updated')?.changes).toEqual({ sex: { before: '[masked]', after: '[masked]' } });
    const bad = await create({ name: 'X', sex: 'other' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/body/sex');
  });

  it('when the time zone, e-mail or birth date is invalid, then 400 with a pointer per field', async () => {
    const res = await create({ name: 'X', email: 'not-an-email', timezone: 'America/Atlantis', birthDate: '2999-01-01' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/email', '/body/timezone']));
    const future = await create({ name: 'X', birthDate: '2999-01-01' });
    expect(future.status).toBe(400);
  });

  it('when the body carries protected or unknown fields, then 400 and nothing is created (15)', async () => {
    for (const extra of [{ professionalId: randomUUID() }, { status: 'at_risk' }, { createdAt: '2020-01-01T00:00:00Z' }, { deletedAt: '2020-01-01T00:00:00Z' }, { riskScore: 1 }, { role: 'professional' }]) {
      const res = await create({ name: 'Intruso', ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.body.errors?.length).toBeGreaterThan(0);
    }
    const list = await h.api.get('/v1/patients?q=intruso', { token: pro.accessToken });
    expect(list.body.items).toEqual([]);
  });

  it('when sendInvite is asked without an e-mail, then 400 on /body/sendInvite', async () => {
    const res = await create({ name: 'Sem Email', sendInvite: true });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/body/sendInvite', code: 'invite_needs_email', detail: 'precisa de um e-mail para enviar o convite' }]);
  });

  it('when the same Idempotency-Key is replayed, then the same patient comes back; another body → 422', async () => {
    const key = randomUUID();
    const first = await create({ name: 'Idem' }, { 'idempotency-key': key });
    const again = await create({ name: 'Idem' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect((await create({ name: 'Outro' }, { 'idempotency-key': key })).status).toBe(422);
  });

  it('when PATCH carries the current ETag, then it applies and the version moves; a stale one → 412 and nothing changes', async () => {
    const created = await create({ name: 'Ana Paula' });
    const id = created.body.id as string;
    const ok = await h.api.patch(`/v1/patients/${id}`, { name: 'Ana Paula Souza', status: 'paused' }, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Ana Paula Souza', status: 'paused', revision: 2 });
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await h.api.patch(`/v1/patients/${id}`, { name: 'Sobrescrito' }, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('RESOURCE.PRECONDITION_FAILED');
    expect((await rowOf(id))?.name).toBe('Ana Paula Souza');
    const garbage = await h.api.patch(`/v1/patients/${id}`, { name: 'Sobrescrito' }, { token: pro.accessToken, headers: { 'if-match': 'W/"abc"' } });
    expect(garbage.status).toBe(412);
    const noPrecondition = await h.api.patch(`/v1/patients/${id}`, { timezone: 'America/Recife' }, { token: pro.accessToken });
    expect(noPrecondition.status).toBe(428);
    expect(noPrecondition.body.code).toBe('REQUEST.PRECONDITION_REQUIRED');
    const anyRevision = await h.api.patch(`/v1/patients/${id}`, { timezone: 'America/Recife' }, { token: pro.accessToken, headers: { 'if-match': '*' } });
    expect(anyRevision.status).toBe(200);
    expect(anyRevision.body.revision).toBe(3);
    expect((await rowOf(id))?.searchText).toBe('ana paula souza');
  });

  it('when two edits race with the same If-Match, then exactly one wins and the other gets 412', async () => {
    const id = (await create({ name: 'Corrida' })).body.id as string;
    const [x, y] = await Promise.all(['Primeira', 'Segunda'].map((name) =>
      h.api.patch(`/v1/patients/${id}`, { name }, { token: pro.accessToken, headers: { 'if-match': '"1"' } })));
    expect([x?.status, y?.status].sort()).toEqual([200, 412]);
    const winner = x?.status === 200 ? 'Primeira' : 'Segunda';
    expect((await rowOf(id))).toMatchObject({ name: winner, version: 2 });
  });

  it('when PATCH sets at_risk, an unknown field or clears the name, then 400; at_risk → active by hand → 409', async () => {
    const id = (await create({ name: 'Bruno' })).body.id as string;
    const anyRevision = { token: pro.accessToken, headers: { 'if-match': '*' } };
    for (const body of [{ status: 'at_risk' }, { professionalId: randomUUID() }, { name: '' }, { revision: 9 }, {}]) {
      expect((await h.api.patch(`/v1/patients/${id}`, body, anyRevision)).status, JSON.stringify(body)).toBe(400);
    }
    await withSystemBypass(h.db, 'test: risk engine', (tx) => tx.update(tables.patients).set({ status: 'at_risk' }).where(eq(tables.patients.id, id)));
    const res = await h.api.patch(`/v1/patients/${id}`, { status: 'active' }, anyRevision);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PATIENT.INVALID_TRANSITION');
    expect((await h.api.patch(`/v1/patients/${id}`, { status: 'archived' }, anyRevision)).status).toBe(200);
    const row = await rowOf(id);
    expect(row?.professionalId).toBe(pro.professionalId);
  });

  it('when a patient is deleted, then it is gone from GET, PATCH, list and a second DELETE, but the row is kept', async () => {
    const id = (await create({ name: 'Carla Deletada' })).body.id as string;
    expect((await h.api.delete(`/v1/patients/${id}`, { token: pro.accessToken })).status).toBe(204);
    expect((await h.api.get(`/v1/patients/${id}`, { token: pro.accessToken })).status).toBe(404);
    expect((await h.api.patch(`/v1/patients/${id}`, { name: 'Volta' }, { token: pro.accessToken, headers: { 'if-match': '*' } })).status).toBe(404);
    expect((await h.api.delete(`/v1/patients/${id}`, { token: pro.accessToken })).status).toBe(404);
    expect((await h.api.get('/v1/patients?q=carla deletada', { token: pro.accessToken })).body.items).toEqual([]);
    expect((await rowOf(id))?.deletedAt).toBeInstanceOf(Date);
  });

  it('when the id is not a UUID or does not exist, then 400 / 404', async () => {
    expect((await h.api.get('/v1/patients/not-a-uuid', { token: pro.accessToken })).status).toBe(400);
    expect((await h.api.get(`/v1/patients/${randomUUID()}`, { token: pro.accessToken })).status).toBe(404);
  });

  it('when no token is sent, then 401', async () => {
    expect((await h.api.get('/v1/patients')).status).toBe(401);
  });
});
