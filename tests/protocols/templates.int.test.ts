import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, type Professional } from '../support/factories.ts';
import { ProtocolView, TemplateView } from '../../functions/http/protocols/schemas.ts';
import { auth, CONTENT, startProtocolHost } from './support.ts';

describe('protocol templates over HTTP', () => {
  let h: TestHost;
  let stop: () => Promise<void>;
  let pro: Professional;
  let other: Professional;
  beforeAll(async () => {
    ({ h, stop } = await startProtocolHost());
    pro = await createProfessional(h);
    other = await createProfessional(h);
  });
  afterAll(async () => { await stop(); });

  it('when a template is created and applied to a patient, then the patient gets a draft with the template content', async () => {
    const created = await h.api.post('/v1/protocol-templates', { name: 'Hipertrofia base', description: 'Composto', content: CONTENT }, auth(pro));
    expect(created.status).toBe(201);
    expect(v.safeParse(TemplateView, created.body).success).toBe(true);
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const applied = await h.api.post(`/v1/protocol-templates/${created.body.id}/apply`, { patientId }, auth(pro));
    expect(applied.status).toBe(201);
    expect(v.safeParse(ProtocolView, applied.body).success).toBe(true);
    expect(applied.body).toMatchObject({ patientId, name: 'Hipertrofia base', status: 'draft', contentVersion: 0, content: CONTENT });
    expect(applied.headers.get('etag')).toBe('"1"');
    const named = await h.api.post(`/v1/protocol-templates/${created.body.id}/apply`, { patientId, name: 'Meu plano' }, auth(pro));
    expect(named.body.name).toBe('Meu plano');
  });

  it('when templates are listed, then only the caller’s appear, newest first, paginated', async () => {
    const mine = await Promise.all([1, 2, 3].map(async (i) => (await h.api.post('/v1/protocol-templates', { name: `T${i}`, content: { hydration: { dailyGoalMl: 2000 } } }, auth(other))).body.id as string));
    const first = await h.api.get('/v1/protocol-templates?limit=2', auth(other));
    expect(first.body.items).toHaveLength(2);
    const rest = await h.api.get(`/v1/protocol-templates?limit=2&cursor=${first.body.nextCursor}`, auth(other));
    const seen = [...first.body.items, ...rest.body.items].map((t: { id: string }) => t.id);
    expect(seen.sort()).toEqual([...mine].sort());
    expect(rest.body.nextCursor).toBeNull();
  });

  it('when the template or the patient belongs to another professional, then 404 and no draft is created', async () => {
    const foreignTemplate = (await h.api.post('/v1/protocol-templates', { name: 'Alheio', content: CONTENT }, auth(other))).body.id as string;
    const ownTemplate = (await h.api.post('/v1/protocol-templates', { name: 'Meu', content: CONTENT }, auth(pro))).body.id as string;
    const { patientId: myPatient } = await createInvitedPatient(h, pro.professionalId);
    const { patientId: foreignPatient } = await createInvitedPatient(h, other.professionalId);
    expect((await h.api.post(`/v1/protocol-templates/${foreignTemplate}/apply`, { patientId: myPatient }, auth(pro))).status).toBe(404);
    expect((await h.api.post(`/v1/protocol-templates/${ownTemplate}/apply`, { patientId: foreignPatient }, auth(pro))).status).toBe(404);
    expect((await h.api.get(`/v1/patients/${myPatient}/protocols`, auth(pro))).body.items).toEqual([]);
    expect((await h.api.get(`/v1/patients/${foreignPatient}/protocols`, auth(other))).body.items).toEqual([]);
  });

  it('when a template has invalid content, then 400 pointing into /body/content', async () => {
    const res = await h.api.post('/v1/protocol-templates', { name: 'Ruim', content: { nutrition: { dailyTargets: { kcal: -1, proteinG: 0, carbsG: 0, fatG: 0 }, meals: [] } } }, auth(pro));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/body/content/nutrition/dailyTargets/kcal']));
  });
});
