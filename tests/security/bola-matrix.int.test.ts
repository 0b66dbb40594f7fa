import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { BOLA_ENTRIES, type BolaWorld } from './bola-entries.ts';
import { fingerprint } from './tenant-fingerprint.ts';

/**
 * TEST-CATALOG 12, generated from the function table: every route that takes an object id is called by
 * another professional and by another professional's patient with tenant A's ids. Each must answer 404
 * (403 where the role may not call the route at all) and change nothing of A's. A route with an object id
 * and no entry in bola-entries.ts fails the run.
 */
const routed = allFunctions.filter((f): f is HttpFunctionDefinition => f.kind === 'http' && !f.devOnly && /\{[^}]+\}/.test(f.route));

describe('BOLA matrix', () => {
  let h: TestHost;
  let world: BolaWorld;
  let intruder: Professional;
  let intruderPatientToken: string;

  beforeAll(async () => {
    h = await startTestHost();
    world = await buildWorld(h);
    intruder = await createProfessional(h, { name: 'Intrusa' });
    const invite = await createInvitedPatient(h, intruder.professionalId);
    intruderPatientToken = (await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD })).body.accessToken;
  });
  afterAll(async () => { await h.stop(); });

  it('when the table is read, then every route with an object id has a matrix entry', () => {
    const missing = routed.filter((d) => !BOLA_ENTRIES[d.name]).map((d) => `${d.method} /${d.route} (${d.name})`);
    expect(missing).toEqual([]);
  });

  it.each(routed.map((d) => [d.name, d] as const))('when another tenant calls %s with A’s ids, then 404/403 and nothing of A changes', async (_name, def) => {
    const entry = BOLA_ENTRIES[def.name];
    if (!entry) return; // reported by the coverage test above
    const before = await fingerprint(h, world.professional.professionalId);
    const path = '/' + def.route.replace(/\{([^}:]+)[^}]*\}/g, (_m, name: string) => {
      const id = world.ids[name];
      if (!id) throw new Error(`no fixture id for {${name}}`);
      return id;
    }) + (entry.query ? `?${entry.query}` : '');
    for (const token of [intruder.accessToken, intruderPatientToken]) {
      const res = await h.api.call(def.method, path, entry.body?.(world), { token, headers: { 'if-match': '"1"' } });
      expect({ route: def.name, denied: res.status === 404 || res.status === 403, status: res.status }).toEqual({ route: def.name, denied: true, status: res.status });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await fingerprint(h, world.professional.professionalId)).toEqual(before);
  });
});

async function buildWorld(h: TestHost): Promise<BolaWorld> {
  const professional = await createProfessional(h, { name: 'Dona dos dados' });
  const patient = await createInvitedPatient(h, professional.professionalId);
  const ids: Record<string, string> = { patientId: patient.patientId };
  const world: BolaWorld = { professional, ids, h };
  for (const setup of Object.values(BOLA_ENTRIES)) await setup.prepare?.(world);
  return world;
}
