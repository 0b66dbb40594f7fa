import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, type Professional } from '../support/factories.ts';
import { auth, CONTENT, createDraft, createPatientWithLogin, startProtocolHost } from './support.ts';

describe('protocol lifecycle over HTTP', () => {
  let h: TestHost;
  let regenerated: string[];
  let stop: () => Promise<void>;
  let pro: Professional;
  beforeAll(async () => {
    ({ h, regenerated, stop } = await startProtocolHost());
    pro = await createProfessional(h);
  });
  afterAll(async () => { await stop(); });

  const auditOf = (entityId: string) => withSystemBypass(h.db, 'test: read audit', async (tx) =>
    rowsOf<{ action: string; changes: Record<string, { before?: unknown; after?: unknown }>; actor_user_id: string }>(
      await tx.execute(sql`select action, changes, actor_user_id from audit_log where entity_id = ${entityId} order by occurred_at, created_at, action`)));

  it('when a draft is created, edited, activated and edited again, then versions 1 and 2 exist and tasks are regenerated', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const draft = await createDraft(h, pro, patientId);
    expect(draft).toMatchObject({ status: 'draft', contentVersion: 0, revision: 1 });

    const got = await h.api.get(`/v1/protocols/${draft.id}`, auth(pro));
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');

    const edited = await h.api.patch(`/v1/protocols/${draft.id}`, { content: { ...CONTENT, hydration: { dailyGoalMl: 3000 } } }, { ...auth(pro), headers: { 'if-match': '"1"' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', contentVersion: 0, revision: 2, content: { hydration: { dailyGoalMl: 3000 } } });
    expect((await h.api.get(`/v1/protocols/${draft.id}/versions`, auth(pro))).body.items).toEqual([]);

    const activated = await h.api.post(`/v1/protocols/${draft.id}/activate`, undefined, auth(pro));
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'active', contentVersion: 1, revision: 3 });
    expect(regenerated.filter((p) => p === patientId)).toHaveLength(1);

    const v2 = await h.api.patch(`/v1/protocols/${draft.id}`, {
      content: { ...CONTENT, hydration: { dailyGoalMl: 3000 }, supplementation: { items: [{ ...CONTENT.supplementation.items[0], dose: 10 }] } },
    }, { ...auth(pro), headers: { 'if-match': activated.headers.get('etag') ?? '' } });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ status: 'active', contentVersion: 2, revision: 4 });
    expect(v2.headers.get('etag')).toBe('"4"');
    expect(regenerated.filter((p) => p === patientId)).toHaveLength(2);

    const renamed = await h.api.patch(`/v1/protocols/${draft.id}`, { name: 'Plano de verão' }, { ...auth(pro), headers: { 'if-match': '"4"' } });
    expect(renamed.body).toMatchObject({ name: 'Plano de verão', contentVersion: 2, revision: 5 });

    const versions = await h.api.get(`/v1/protocols/${draft.id}/versions?limit=1`, auth(pro));
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((i: { contentVersion: number }) => i.contentVersion)).toEqual([2]);
    expect(versions.body.items[0].createdBy).toBe(pro.userId);
    const next = await h.api.get(`/v1/protocols/${draft.id}/versions?limit=1&cursor=${versions.body.nextCursor}`, auth(pro));
    expect(next.body).toMatchObject({ items: [{ contentVersion: 1, content: { hydration: { dailyGoalMl: 3000 } } }], nextCursor: null });

    const diff = await h.api.get(`/v1/protocols/${draft.id}/versions/diff?from=1&to=2`, auth(pro));
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({ protocolId: draft.id, from: 1, to: 2, components: [
      { component: 'supplementation', change: 'changed', fields: [], items: [{ key: 'creatina', name: 'Creatina', change: 'changed', fields: [{ field: 'dose', from: 5, to: 10 }] }] },
    ] });
    expect((await h.api.get(`/v1/protocols/${draft.id}/versions/diff?from=1&to=9`, auth(pro))).status).toBe(404);
    expect((await h.api.get(`/v1/protocols/${draft.id}/versions/diff?from=0&to=x`, auth(pro))).status).toBe(400);

    const trail = await auditOf(draft.id);
    expect(trail.map((t) => t.action)).toEqual(['protocol.created', 'protocol.updated', 'protocol.activated', 'protocol.versioned', 'protocol.updated']);
    const versioned = trail.find((t) => t.action === 'protocol.versioned');
    expect(versioned?.changes).toMatchObject({ contentVersion: { before: 1, after: 2 }, content: { before: '[masked]', after: '[masked]' } });
    expect(JSON.stringify(trail)).not.toContain('Creatina');
    expect(trail.every((t) => t.actor_user_id === pro.userId)).toBe(true);
  });

  it('when a second protocol is activated, then the previous active one is archived in the same step, and archived is final', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const first = await createDraft(h, pro, patientId, { name: 'Primeiro' });
    const second = await createDraft(h, pro, patientId, { name: 'Segundo' });
    expect((await h.api.post(`/v1/protocols/${first.id}/activate`, undefined, auth(pro))).status).toBe(200);
    const res = await h.api.post(`/v1/protocols/${second.id}/activate`, undefined, auth(pro));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: second.id, status: 'active' });
    const old = await h.api.get(`/v1/protocols/${first.id}`, auth(pro));
    expect(old.body).toMatchObject({ status: 'archived', contentVersion: 1 });
    expect(old.body.archivedAt).not.toBeNull();

    const list = await h.api.get(`/v1/patients/${patientId}/protocols`, auth(pro));
    expect(list.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[second.id, 'active'], [first.id, 'archived']]);
    expect((await h.api.get(`/v1/patients/${patientId}/protocols?status=active`, auth(pro))).body.items).toHaveLength(1);

    const again = await h.api.post(`/v1/protocols/${first.id}/activate`, undefined, auth(pro));
    expect([again.status, again.body.code]).toEqual([409, 'PROTOCOL.ARCHIVED']);
    const edit = await h.api.patch(`/v1/protocols/${first.id}`, { name: 'x' }, { ...auth(pro), headers: { 'if-match': '*' } });
    expect([edit.status, edit.body.code]).toEqual([409, 'PROTOCOL.ARCHIVED']);
    const twice = await h.api.post(`/v1/protocols/${second.id}/activate`, undefined, auth(pro));
    expect([twice.status, twice.body.code]).toEqual([409, 'PROTOCOL.ALREADY_ACTIVE']);

    expect(regenerated.filter((p) => p === patientId)).toHaveLength(2);
    const archived = await h.api.post(`/v1/protocols/${second.id}/archive`, undefined, auth(pro));
    expect(archived.body).toMatchObject({ status: 'archived' });
    // Archiving the active protocol lets daily execution drop its future tasks.
    expect(regenerated.filter((p) => p === patientId)).toHaveLength(3);
    expect((await h.api.post(`/v1/protocols/${second.id}/archive`, undefined, auth(pro))).status).toBe(409);
    const trail = await auditOf(first.id);
    expect(trail.find((t) => t.action === 'protocol.archived')?.changes).toMatchObject({ status: { before: 'active', after: 'archived' }, supersededBy: { after: second.id } });
  });

  it('when If-Match is stale, then 412 and nothing changes; without If-Match, then 428', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const draft = await createDraft(h, pro, patientId);
    expect((await h.api.patch(`/v1/protocols/${draft.id}`, { name: 'A' }, { ...auth(pro), headers: { 'if-match': '"1"' } })).status).toBe(200);
    const stale = await h.api.patch(`/v1/protocols/${draft.id}`, { name: 'B' }, { ...auth(pro), headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body.code).toBe('RESOURCE.PRECONDITION_FAILED');
    const garbage = await h.api.patch(`/v1/protocols/${draft.id}`, { name: 'B' }, { ...auth(pro), headers: { 'if-match': 'nonsense' } });
    expect(garbage.status).toBe(412);
    const missing = await h.api.patch(`/v1/protocols/${draft.id}`, { name: 'B' }, auth(pro));
    expect([missing.status, missing.body.code]).toEqual([428, 'REQUEST.PRECONDITION_REQUIRED']);
    expect((await h.api.get(`/v1/protocols/${draft.id}`, auth(pro))).body).toMatchObject({ name: 'A', revision: 2 });
    const staleActivate = await h.api.post(`/v1/protocols/${draft.id}/activate`, undefined, { ...auth(pro), headers: { 'if-match': '"1"' } });
    expect(staleActivate.status).toBe(412);
  });

  it('when the content is nonsense, then 400 with errors[] pointing into /body/content', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const bad = await h.api.post(`/v1/patients/${patientId}/protocols`, {
      name: 'Ruim',
      content: { supplementation: { items: [{ key: 'c', name: 'Creatina', dose: -5, unit: 'g', times: ['08:00'] }] }, training: { sessions: [{ key: 'a', name: 'A', weekdays: ['funday'], exercises: [{ name: 'x', sets: 1, reps: 1 }] }] } },
    }, auth(pro));
    expect(bad.status).toBe(400);
    const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/content/supplementation/items/0/dose', '/body/content/training/sessions/0/weekdays/0']));
    const empty = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: 'Vazio', content: {} }, auth(pro));
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].pointer).toBe('/body/content');
    const draft = await createDraft(h, pro, patientId);
    const badPatch = await h.api.patch(`/v1/protocols/${draft.id}`, { content: { hydration: { dailyGoalMl: 50 } } }, { ...auth(pro), headers: { 'if-match': '"1"' } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].pointer).toBe('/body/content/hydration/dailyGoalMl');
    expect((await h.api.get(`/v1/patients/${patientId}/protocols`, auth(pro))).body.items).toHaveLength(1);
  });

  it('when a body carries protected fields (mass assignment), then 400 and no row changes', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const res = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: 'X', content: CONTENT, professionalId: pro.professionalId, status: 'active' }, auth(pro));
    expect(res.status).toBe(400);
    const draft = await createDraft(h, pro, patientId);
    const patch = await h.api.patch(`/v1/protocols/${draft.id}`, { status: 'active', contentVersion: 9, created_at: '2020-01-01T00:00:00Z' }, { ...auth(pro), headers: { 'if-match': '"1"' } });
    expect(patch.status).toBe(400);
    expect((await h.api.get(`/v1/protocols/${draft.id}`, auth(pro))).body).toMatchObject({ status: 'draft', contentVersion: 0, revision: 1 });
  });

  it('when a patient reads protocols, then it sees its own active one but not its drafts nor anyone else’s', async () => {
    const patient = await createPatientWithLogin(h, pro);
    const other = await createPatientWithLogin(h, pro);
    const active = await createDraft(h, pro, patient.patientId);
    const draft = await createDraft(h, pro, patient.patientId);
    const othersActive = await createDraft(h, pro, other.patientId);
    await h.api.post(`/v1/protocols/${active.id}/activate`, undefined, auth(pro));
    await h.api.post(`/v1/protocols/${othersActive.id}/activate`, undefined, auth(pro));

    const own = await h.api.get(`/v1/protocols/${active.id}`, auth(patient));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: active.id, status: 'active', content: { hydration: { dailyGoalMl: 2500 } } });
    expect((await h.api.get(`/v1/protocols/${draft.id}`, auth(patient))).status).toBe(404);
    expect((await h.api.get(`/v1/protocols/${othersActive.id}`, auth(patient))).status).toBe(404);
    expect((await h.api.get(`/v1/patients/${patient.patientId}/protocols`, auth(patient))).status).toBe(403);
    expect((await h.api.patch(`/v1/protocols/${active.id}`, { name: 'x' }, { ...auth(patient), headers: { 'if-match': '*' } })).status).toBe(403);
  });

  it('when a draft is created twice with the same Idempotency-Key, then one draft exists', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const opts = { ...auth(pro), headers: { 'idempotency-key': `k-${patientId}` } };
    const a = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: 'Plano', content: CONTENT }, opts);
    const b = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: 'Plano', content: CONTENT }, opts);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect((await h.api.get(`/v1/patients/${patientId}/protocols`, auth(pro))).body.items).toHaveLength(1);
  });
});
