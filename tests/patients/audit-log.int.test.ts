import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { startPatientsHost } from './support.ts';

describe('audit trail of patient mutations', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startPatientsHost(); });
  afterAll(async () => { await h.stop(); });

  it('when a patient is created, updated, invited and deleted, then each writes one row, newest first, with the changed fields and only health values masked', async () => {
    const pro = await createProfessional(h);
    const auth = { token: pro.accessToken };
    const created = await h.api.post('/v1/patients', { name: 'Joana Secreta', email: 'joana.secreta@example.com', notes: 'diabetes tipo 2' }, { ...auth, headers: { 'x-request-id': 'req-create-1' } });
    const id = created.body.id as string;
    await h.api.patch(`/v1/patients/${id}`, { status: 'paused', notes: 'hipertensão' }, { ...auth, headers: { 'if-match': created.headers.get('etag') ?? '' } });
    await h.api.post(`/v1/patients/${id}/invite`, undefined, auth);
    await h.api.delete(`/v1/patients/${id}`, auth);

    const res = await h.api.get(`/v1/audit-log?entityType=patient&entityId=${id}`, auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['patient.deleted', 'patient.invite_requested', 'patient.updated', 'patient.created']);
    const [, , updated, creation] = res.body.items;
    expect(updated.changes).toEqual({ status: { before: 'active', after: 'paused' }, notes: { before: '[masked]', after: '[masked]' } });
    expect(creation.changes).toMatchObject({ name: { after: 'Joana Secreta' }, email: { after: 'joana.secreta@example.com' }, notes: { after: '[masked]' }, status: { after: 'active' } });
    expect(creation.changes.name).not.toHaveProperty('before');
    expect(creation.actorUserId).toBe(pro.userId);
    expect(creation.actorRole).toBe('professional');
    expect(res.text).not.toContain('diabetes');
    expect(res.text).not.toContain('hipertensão');
  });

  it('when the trail is paged, then pages follow each other without repeats', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 5; i += 1) await h.api.post('/v1/patients', { name: `P${i}` }, { token: pro.accessToken });
    const first = await h.api.get('/v1/audit-log?limit=2', { token: pro.accessToken });
    const second = await h.api.get(`/v1/audit-log?limit=2&cursor=${first.body.nextCursor}`, { token: pro.accessToken });
    const third = await h.api.get(`/v1/audit-log?limit=2&cursor=${second.body.nextCursor}`, { token: pro.accessToken });
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.body.nextCursor).toBeNull();
    expect((await h.api.get('/v1/audit-log?cursor=bm9wZQ', { token: pro.accessToken })).status).toBe(400);
  });

  it('when another professional or a patient reads the trail, then they see none of it (or 403)', async () => {
    const a = await createProfessional(h);
    const id = (await h.api.post('/v1/patients', { name: 'Do A' }, { token: a.accessToken })).body.id as string;
    const b = await createProfessional(h);
    const other = await h.api.get(`/v1/audit-log?entityId=${id}`, { token: b.accessToken });
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const invited = await createInvitedPatient(h, a.professionalId);
    const patientToken = (await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD })).body.accessToken;
    expect((await h.api.get('/v1/audit-log', { token: patientToken })).status).toBe(403);
  });
});
