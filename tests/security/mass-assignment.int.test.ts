import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD, uniqueEmail, type Professional } from '../support/factories.ts';
import { BOLA_ENTRIES, type BolaWorld } from './bola-entries.ts';
import { FUNCTION_ACCESS } from './function-access.ts';
import { fingerprint } from './tenant-fingerprint.ts';

/**
 * TEST-CATALOG 15, generated from the function table: every writable operation (POST, PUT, PATCH, DELETE)
 * is sent a valid request plus the fields the server owns (ids, tenant, role, revision, risk, status,
 * timestamps), forged to point at tenant B.
 * - An operation with a body schema refuses them: 400 naming exactly the forged fields (so the rest of the
 *   body was valid and nothing else caused it), and neither A's nor B's rows change.
 * - An operation without a body ignores them: it is served as usual, B's rows do not change, and no forged
 *   value comes back in the answer (the resource read back keeps its own id, revision, status, times).
 * - A `status` the body declares accepts only the states a caller may set; every state the server moves
 *   a resource into (risk engine, check-in lifecycle, deletion) is refused.
 * A writable function without a body for its allowed caller (bola-entries.ts / function-access.ts, or
 * PUBLIC_BODIES here) fails the run.
 */
// A raw-body operation (the billing webhook) has no schema to assign through: its bytes are accepted only under the
// provider's signature, so a forged field fails the signature (tests/billing/webhook-signature.int.test.ts).
const writes = allFunctions.filter((f): f is HttpFunctionDefinition => f.kind === 'http' && !f.devOnly && f.method !== 'GET' && !f.rawBody);
const FORGED_TIME = '2001-01-01T00:00:00.000Z';
/** The states a caller may set by hand, per operation with a `status` in its body (the rest are the server's). */
const WRITABLE_STATES: Record<string, string[]> = {
  'patients-create': ['active', 'paused'],
  'patients-update': ['active', 'paused', 'archived'],
};
const SERVER_STATES = ['active', 'at_risk', 'paused', 'archived', 'deleted', 'draft', 'scheduled', 'open', 'submitted', 'reviewed', 'missed', 'closed'];

const PUBLIC_BODIES: Record<string, () => unknown> = {
  'auth-register': () => ({ email: uniqueEmail('mass'), password: STRONG_PASSWORD, name: 'Nova Profissional' }),
  'auth-login': () => ({ email: uniqueEmail('mass'), password: STRONG_PASSWORD }),
  'auth-refresh': () => ({ refreshToken: `rt_${'a'.repeat(43)}` }),
  'auth-password-forgot': () => ({ email: uniqueEmail('mass') }),
  'auth-password-reset': () => ({ token: `pr_${'a'.repeat(43)}`, password: STRONG_PASSWORD }),
  'invites-accept': () => ({ token: `iv_${'a'.repeat(43)}`, password: STRONG_PASSWORD }),
};

/** The top-level keys a body schema declares (strict objects, possibly inside a pipe). */
function declaredKeys(schema: unknown): string[] {
  const s = schema as { entries?: Record<string, unknown>; pipe?: unknown[] } | undefined;
  if (s?.entries) return Object.keys(s.entries);
  if (s?.pipe?.[0]) return declaredKeys(s.pipe[0]);
  return [];
}

/** The states a declared `status` picklist accepts. */
function statusOptions(schema: unknown): string[] | null {
  const s = schema as { entries?: Record<string, unknown>; pipe?: unknown[] } | undefined;
  if (s?.pipe?.[0]) return statusOptions(s.pipe[0]);
  let node = s?.entries?.status as { wrapped?: unknown; options?: unknown[] } | undefined;
  while (node && !node.options && node.wrapped) node = node.wrapped as typeof node;
  return node?.options ? node.options.map(String) : null;
}

describe('mass assignment', () => {
  let h: TestHost;
  let world: BolaWorld;
  let patientToken: string;
  let other: Professional;
  let forged: Record<string, unknown>;

  beforeAll(async () => {
    h = await startTestHost();
    const professional = await createProfessional(h, { name: 'Dona Mass' });
    const patient = await createInvitedPatient(h, professional.professionalId);
    world = { professional, ids: { patientId: patient.patientId }, h };
    const accepted = await h.api.post('/v1/invites/accept', { token: patient.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    patientToken = accepted.body.accessToken;
    for (const entry of Object.values(BOLA_ENTRIES)) await entry.prepare?.(world);
    other = await createProfessional(h, { name: 'Outra Mass' });
    const otherPatient = await createInvitedPatient(h, other.professionalId);
    forged = {
      id: randomUUID(), professionalId: other.professionalId, tenantId: other.professionalId, userId: other.userId,
      patientId: otherPatient.patientId, role: 'admin', revision: 999, contentVersion: 999, riskScore: 100, riskBand: 'high',
      status: 'paused', createdAt: FORGED_TIME, updatedAt: FORGED_TIME, deletedAt: FORGED_TIME, archivedAt: FORGED_TIME,
      subscriptionStatus: 'active', price: 0,
    };
  });
  afterAll(async () => { await h.stop(); });

  const tokenFor = (def: HttpFunctionDefinition) => {
    const access = FUNCTION_ACCESS[def.name]?.access;
    if (access === 'public') return undefined;
    return access === 'patient' ? patientToken : world.professional.accessToken;
  };
  const validBody = (def: HttpFunctionDefinition) => PUBLIC_BODIES[def.name]?.() ?? BOLA_ENTRIES[def.name]?.body?.(world) ?? FUNCTION_ACCESS[def.name]?.body?.(world);
  const pathOf = (def: HttpFunctionDefinition) => '/' + def.route.replace(/\{([^}:]+)[^}]*\}/g, (_m, name: string) => world.ids[name] ?? randomUUID());
  const send = (def: HttpFunctionDefinition, body: unknown) => {
    const token = tokenFor(def);
    return h.api.call(def.method, pathOf(def), body, { ...(token ? { token } : {}), headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1, 10.0.0.1` } });
  };

  it('when the table is read, then every writable operation with a body has a valid body to forge on', () => {
    const missing = writes.filter((d) => d.body && validBody(d) === undefined).map((d) => d.name);
    expect(missing).toEqual([]);
  });

  // Deleting the patient locks the patient's token out at once (ADR 0014, TEST-CATALOG 13), and logging out
  // revokes the caller's session: those two go last, so every other operation runs with live callers.
  const lastOnes = ['patients-delete', 'auth-logout'];
  const order = (name: string) => lastOnes.indexOf(name);
  const ordered = [...writes].sort((a, b) => order(a.name) - order(b.name));
  it.each(ordered.map((d) => [d.name, d] as const))('when %s is sent server-owned fields, then they are refused or ignored', async (_name, def) => {
    const declared = new Set(declaredKeys(def.body));
    const injected = Object.fromEntries(Object.entries(forged).filter(([k]) => !declared.has(k)));
    const beforeA = await fingerprint(h, world.professional.professionalId);
    const beforeB = await fingerprint(h, other.professionalId);
    if (def.body) {
      // One forged field at a time: a strict object names only the first unknown key it meets.
      const answers: Record<string, string> = {};
      for (const [key, value] of Object.entries(injected)) {
        const res = await send(def, { ...(validBody(def) as object), [key]: value });
        const pointers = ((res.body?.errors ?? []) as { pointer: string }[]).map((e) => e.pointer);
        answers[key] = `${res.status} ${pointers.join(',')}`;
      }
      expect(answers).toEqual(Object.fromEntries(Object.keys(injected).map((k) => [k, `400 /body/${k}`])));
      expect(await fingerprint(h, world.professional.professionalId)).toEqual(beforeA);
    } else {
      const res = await send(def, injected);
      expect(res.status === 400 || res.status === 401 || res.status === 403 || res.status >= 500, `${def.name} answered ${res.status}`).toBe(false);
      expect(forgedValuesIn(res.body, injected)).toEqual([]);
    }
    expect(await fingerprint(h, other.professionalId)).toEqual(beforeB);
  });

  const withStatus = writes.filter((d) => statusOptions(d.body) !== null);
  it('when the table is read, then every writable status is designed here and the schema accepts exactly those states', () => {
    expect(Object.fromEntries(withStatus.map((d) => [d.name, [...(statusOptions(d.body) ?? [])].sort()])))
      .toEqual(Object.fromEntries(Object.entries(WRITABLE_STATES).map(([k, v]) => [k, [...v].sort()])));
  });

  it.each(withStatus.map((d) => [d.name, d] as const))('when %s is sent a state the server owns, then it is refused', async (_name, def) => {
    const allowed = WRITABLE_STATES[def.name] ?? [];
    const serverOwned = SERVER_STATES.filter((s) => !allowed.includes(s));
    expect(serverOwned.length).toBeGreaterThan(0);
    const before = await fingerprint(h, world.professional.professionalId);
    for (const status of serverOwned) {
      const res = await send(def, { ...(validBody(def) as object), status });
      expect({ status, answer: res.status, pointers: (res.body?.errors ?? []).map((e: { pointer: string }) => e.pointer) })
        .toEqual({ status, answer: 400, pointers: ['/body/status'] });
    }
    expect(await fingerprint(h, world.professional.professionalId)).toEqual(before);
  });
});

/** Every place in an answer where a forged key carries the forged value. */
function forgedValuesIn(body: unknown, injected: Record<string, unknown>): string[] {
  const hits: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${at}/${i}`)); return; }
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k in injected && v === injected[k]) hits.push(`${at}/${k}`);
      walk(v, `${at}/${k}`);
    }
  };
  walk(body, '');
  return hits;
}
