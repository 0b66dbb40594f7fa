import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD } from '../support/factories.ts';
import { findDeniedFields } from '../support/response-schemas.ts';
import type { ApiResponse } from '../support/http-client.ts';
import { BOLA_ENTRIES, type BolaWorld } from './bola-entries.ts';
import { allows, declaredAccess, FUNCTION_ACCESS } from './function-access.ts';
import { fingerprint } from './tenant-fingerprint.ts';

/**
 * TEST-CATALOG 14, generated from the function table: every HTTP route × every kind of caller (anonymous,
 * tenant A's professional, A's patient, tenant B's professional, B's patient), always with A's ids in the
 * path. Designed outcomes (function-access.ts):
 * - no token on a protected route → 401 problem with WWW-Authenticate;
 * - a role the route does not serve → 403 problem, nothing of A changes;
 * - B's allowed caller on a route with A's ids → 404 problem, nothing of A changes; on a route without ids
 *   it is served (2xx/4xx of its own) and nothing of A's (ids, names) is in the answer;
 * - A's allowed caller → served: never 401/403/404.
 * A function without an entry, or whose `auth` differs from the designed access, fails the run.
 */
const http = allFunctions.filter((f): f is HttpFunctionDefinition => f.kind === 'http');
// Logging out revokes the caller's session: last, so that no later call depends on it.
const ordered = [...http].sort((a, b) => Number(a.name === 'auth-logout') - Number(b.name === 'auth-logout'));
const hasId = (d: HttpFunctionDefinition) => /\{[^}]+\}/.test(d.route);

type Caller = 'anonymous' | 'own-professional' | 'own-patient' | 'other-professional' | 'other-patient';

describe('function-level authorization matrix', () => {
  let h: TestHost;
  let world: BolaWorld;
  let tokens: Record<Exclude<Caller, 'anonymous'>, string>;
  let aSecrets: string[];

  beforeAll(async () => {
    h = await startTestHost();
    const marker = randomUUID().slice(0, 8);
    const professional = await createProfessional(h, { name: `Dona Matriz ${marker}` });
    const patientName = `Paciente Matriz ${marker}`;
    const patient = await createInvitedPatient(h, professional.professionalId, { name: patientName });
    world = { professional, ids: { patientId: patient.patientId }, h };
    const ownPatientToken = await accept(h, patient.token);
    for (const entry of Object.values(BOLA_ENTRIES)) await entry.prepare?.(world);
    const other = await createProfessional(h, { name: 'Outra Profissional' });
    const otherPatient = await createInvitedPatient(h, other.professionalId);
    tokens = {
      'own-professional': professional.accessToken,
      'own-patient': ownPatientToken,
      'other-professional': other.accessToken,
      'other-patient': await accept(h, otherPatient.token),
    };
    aSecrets = [...Object.values(world.ids), professional.professionalId, professional.userId, `Dona Matriz ${marker}`, patientName];
  });
  afterAll(async () => { await h.stop(); });

  it('when the table is read, then every HTTP function has a designed access and it is the one it declares', () => {
    const missing = http.filter((d) => !FUNCTION_ACCESS[d.name]).map((d) => `${d.method} /${d.route} (${d.name})`);
    const stale = Object.keys(FUNCTION_ACCESS).filter((name) => !http.some((d) => d.name === name));
    const differing = http.filter((d) => FUNCTION_ACCESS[d.name] && FUNCTION_ACCESS[d.name]!.access !== declaredAccess(d.auth))
      .map((d) => `${d.name}: designed ${FUNCTION_ACCESS[d.name]!.access}, declared ${declaredAccess(d.auth)}`);
    expect({ missing, stale, differing }).toEqual({ missing: [], stale: [], differing: [] });
  });

  it.each(ordered.map((d) => [d.name, d] as const))('when each kind of caller calls %s, then each gets its designed answer', async (_name, def) => {
    const entry = FUNCTION_ACCESS[def.name];
    if (!entry) return; // reported by the coverage test above
    const path = pathWithIds(def, world);
    const body = BOLA_ENTRIES[def.name]?.body?.(world) ?? entry.body?.(world);
    // An allowed caller's write is stopped at the revision check (412), after authorization, so A's world stays whole.
    const headers = def.ifMatch ? { 'if-match': '"999"' } : undefined;
    const call = (token?: string) => h.api.call(def.method, path, body, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
    const seen: Record<string, number> = {};
    const wrong: string[] = [];
    const expectProblem = (caller: Caller, res: ApiResponse, statuses: number[]) => {
      seen[caller] = res.status;
      if (!statuses.includes(res.status) || !res.headers.get('content-type')?.includes('application/problem+json')) wrong.push(`${caller}: ${res.status}, expected ${statuses.join('/')} problem`);
    };
    const expectServed = (caller: Caller, res: ApiResponse, alsoRefused: number[] = []) => {
      seen[caller] = res.status;
      if ([401, 403, ...alsoRefused].includes(res.status) || res.status >= 500) wrong.push(`${caller}: ${res.status}, expected to be served`);
    };

    // Callers that must be refused first, with A's fingerprint around them.
    const before = await fingerprint(h, world.professional.professionalId);
    const anonymous = await call();
    if (entry.access === 'public') expectServed('anonymous', anonymous);
    else {
      expectProblem('anonymous', anonymous, [401]);
      if (!anonymous.headers.get('www-authenticate')?.startsWith('Bearer')) wrong.push('anonymous: 401 without WWW-Authenticate: Bearer');
    }
    for (const role of ['professional', 'patient'] as const) {
      const other = await call(tokens[`other-${role}`]);
      if (entry.access === 'public') expectServed(`other-${role}`, other);
      else if (!allows(entry.access, role)) expectProblem(`other-${role}`, other, [403]);
      else if (hasId(def)) expectProblem(`other-${role}`, other, [404]);
      else {
        expectServed(`other-${role}`, other);
        const leaks = findDeniedFields(other.body, { foreignIds: aSecrets });
        if (leaks.length > 0) wrong.push(`other-${role}: A's data in the answer: ${leaks.map((l) => l.pointer).join(', ')}`);
      }
      if (entry.access !== 'public' && !allows(entry.access, role)) expectProblem(`own-${role}`, await call(tokens[`own-${role}`]), [403]);
    }
    if (entry.access !== 'public') expect({ route: def.name, changed: await fingerprint(h, world.professional.professionalId) }).toEqual({ route: def.name, changed: before });

    // A's allowed callers are served (a 404 here would be a denial in disguise).
    for (const role of ['professional', 'patient'] as const) {
      if (entry.access !== 'public' && allows(entry.access, role)) expectServed(`own-${role}`, await call(tokens[`own-${role}`]), [404]);
    }
    expect({ route: def.name, wrong, seen }).toEqual({ route: def.name, wrong: [], seen });
  });
});

async function accept(h: TestHost, inviteToken: string): Promise<string> {
  const res = await h.api.post('/v1/invites/accept', { token: inviteToken, password: STRONG_PASSWORD });
  expect(res.status).toBe(201);
  return res.body.accessToken as string;
}

function pathWithIds(def: HttpFunctionDefinition, world: BolaWorld): string {
  const query = BOLA_ENTRIES[def.name]?.query;
  // Ids no fixture makes (a dev mail) are random: the route still has to say who may ask.
  return '/' + def.route.replace(/\{([^}:]+)[^}]*\}/g, (_m, name: string) => world.ids[name] ?? randomUUID()) + (query ? `?${query}` : '');
}
