import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/index.ts';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { auth, CONTENT, createDraft, createPatientWithLogin, startProtocolHost } from './support.ts';

/** TEST-CATALOG 12: professional B and a patient of B against every protocol route with A's ids. */
describe('BOLA matrix for the protocol engine', () => {
  let h: TestHost;
  let stop: () => Promise<void>;
  let a: Professional;
  let b: Professional;
  let patientOfB: { accessToken: string };
  const ids = { patient: '', draft: '', active: '', template: '' };
  beforeAll(async () => {
    ({ h, stop } = await startProtocolHost());
    a = await createProfessional(h);
    b = await createProfessional(h);
    patientOfB = await createPatientWithLogin(h, b);
    const patientOfA = await createPatientWithLogin(h, a);
    ids.patient = patientOfA.patientId;
    ids.draft = (await createDraft(h, a, ids.patient)).id;
    ids.active = (await createDraft(h, a, ids.patient)).id;
    expect((await h.api.post(`/v1/protocols/${ids.active}/activate`, undefined, auth(a))).status).toBe(200);
    ids.template = (await h.api.post('/v1/protocol-templates', { name: 'T', content: CONTENT }, auth(a))).body.id;
  });
  afterAll(async () => { await stop(); });

  const snapshot = () => withSystemBypass(h.db, 'test: BOLA snapshot', async (tx) => JSON.stringify({
    protocols: rowsOf(await tx.execute(sql`select * from protocols where professional_id = ${a.professionalId} order by id`)),
    versions: rowsOf(await tx.execute(sql`select * from protocol_versions where professional_id = ${a.professionalId} order by id`)),
    templates: rowsOf(await tx.execute(sql`select * from protocol_templates where professional_id = ${a.professionalId} order by id`)),
    audit: rowsOf(await tx.execute(sql`select count(*)::int as n from audit_log where professional_id = ${a.professionalId}`)),
  }));

  const routes = () => [
    { name: 'protocols-list', call: (t: string) => h.api.get(`/v1/patients/${ids.patient}/protocols`, { token: t }) },
    { name: 'protocols-create', call: (t: string) => h.api.post(`/v1/patients/${ids.patient}/protocols`, { name: 'x', content: CONTENT }, { token: t }) },
    { name: 'protocols-get', call: (t: string) => h.api.get(`/v1/protocols/${ids.active}`, { token: t }) },
    { name: 'protocols-get (draft)', call: (t: string) => h.api.get(`/v1/protocols/${ids.draft}`, { token: t }) },
    { name: 'protocols-update', call: (t: string) => h.api.patch(`/v1/protocols/${ids.draft}`, { name: 'hacked' }, { token: t, headers: { 'if-match': '*' } }) },
    { name: 'protocols-activate', call: (t: string) => h.api.post(`/v1/protocols/${ids.draft}/activate`, undefined, { token: t }) },
    { name: 'protocols-archive', call: (t: string) => h.api.post(`/v1/protocols/${ids.active}/archive`, undefined, { token: t }) },
    { name: 'protocols-versions-list', call: (t: string) => h.api.get(`/v1/protocols/${ids.active}/versions`, { token: t }) },
    { name: 'protocols-versions-diff', call: (t: string) => h.api.get(`/v1/protocols/${ids.active}/versions/diff?from=1&to=1`, { token: t }) },
    { name: 'protocol-templates-list', call: async (t: string) => {
      const res = await h.api.get('/v1/protocol-templates', { token: t });
      // A list route has no id: "not found" means A's template never appears in it.
      return { ...res, status: res.status === 200 && !res.body.items.some((i: { id: string }) => i.id === ids.template) ? 404 : res.status === 403 ? 403 : 200 };
    } },
    { name: 'protocol-templates-create', call: null },
    { name: 'protocol-templates-apply', call: (t: string) => h.api.post(`/v1/protocol-templates/${ids.template}/apply`, { patientId: ids.patient }, { token: t }) },
  ];

  it('when the matrix is listed, then every protocol function has an entry', () => {
    const covered = new Set(routes().map((r) => r.name.split(' ')[0]));
    expect(allFunctions.filter((f) => f.kind === 'http' && f.tag === 'Protocol engine').map((f) => f.name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('when professional B calls every route with A’s ids, then 404 and nothing of A changes', async () => {
    const before = await snapshot();
    for (const route of routes()) {
      if (!route.call) continue; // creation of a template names no id of A
      const res = await route.call(b.accessToken);
      expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status: 404 });
    }
    expect(await snapshot()).toBe(before);
  });

  it('when a patient of B calls every route with A’s ids, then 404 (or 403 on professional-only routes, id-independent) and nothing changes', async () => {
    const before = await snapshot();
    for (const route of routes()) {
      if (!route.call) continue;
      const res = await route.call(patientOfB.accessToken);
      const expected = route.name.startsWith('protocols-get') ? 404 : 403;
      expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status: expected });
    }
    expect(await snapshot()).toBe(before);
  });
});
