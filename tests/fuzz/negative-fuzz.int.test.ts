import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { ProblemSchema, type OpenApiDocument, type OpenApiOperation } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import type { ApiResponse } from '../support/http-client.ts';
import { specViolations } from '../support/response-schemas.ts';
import { FUZZ_PROFILES, UNFUZZED_TAGS, seedFuzzWorld, type Caller, type FuzzWorld } from './profiles.ts';
import { requestCases, type RequestCase } from './request-cases.ts';

/**
 * Schema-driven negative fuzzing of every operation of the served OpenAPI document (TEST-CATALOG 27, 28).
 * For each operation, fast-check draws requests from the document's own schemas — valid ones biased to the
 * edges, and valid ones with one thing broken (a body field, the body, its media type, a path id, a query
 * parameter, If-Match, Idempotency-Key, Accept-Language, the credentials; sizes over every limit) — sent by
 * real callers over the seeded world. Every answer must be below 500; a broken request must be refused
 * with a 4xx; every 4xx must be an RFC 9457 problem of ADR 0013's shape; every answer must be one the
 * document declares for the operation.
 *
 * Reproducible: the seed is printed; `FUZZ_SEED=<n>` replays a run, `FUZZ_SEED=random` draws a new one,
 * `FUZZ_RUNS=<n>` sets the examples per operation (100 in CI; e.g. 2000 for a nightly run), `FUZZ_VERBOSE=1`
 * prints each operation's answers by status, and `FUZZ_SHRINK=1` shrinks a failure to a smaller case.
 */
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20_261_203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const MAX_BODY_BYTES = 1_048_576;
const VERBOSE = process.env.FUZZ_VERBOSE === '1';
const CALLER_HEADERS: Record<string, string | undefined> = { none: undefined, garbage: 'Bearer garbage.garbage.garbage', basic: 'Basic dXNlcjpwYXNz' };

/** A seed per operation: adding an operation does not change the requests drawn for the others. */
const seedOf = (operationId: string) => [...operationId].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0, SEED >>> 0);

interface Operation { method: string; template: string; op: OpenApiOperation }
const operationsOf = (doc: OpenApiDocument): Operation[] =>
  Object.entries(doc.paths).flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), template, op: op as OpenApiOperation })));

/** Why an answer is wrong, or null. */
export function judge(doc: OpenApiDocument, c: RequestCase, res: ApiResponse): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  if (c.mustFail && res.status < 400) return `accepted a broken request with ${res.status}`;
  if (res.status >= 400) {
    if (!res.headers.get('content-type')?.startsWith('application/problem+json')) return `a ${res.status} that is not application/problem+json`;
    const problem = v.safeParse(ProblemSchema, res.body);
    if (!problem.success) return `a ${res.status} problem outside ADR 0013's shape: ${problem.issues.map((i) => `${v.getDotPath(i) ?? '(root)'} ${i.message}`).join('; ')}`;
    if (problem.output.status !== res.status) return `problem status ${problem.output.status} differs from ${res.status}`;
  }
  const found = specViolations(doc, c.method as 'GET', c.path, res.status, res.text === '' ? undefined : res.body, { contentType: res.headers.get('content-type') });
  const violations = found.operationId === null ? [] : found.violations;
  return violations.length > 0 ? `outside the document: ${violations.slice(0, 3).join('; ')}` : null;
}

describe('negative fuzzing of every operation of the served OpenAPI document (27, 28)', () => {
  let h: TestHost;
  let world: FuzzWorld;
  let doc: OpenApiDocument;
  let operations: Operation[] = [];

  beforeAll(async () => {
    console.error(`negative fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} (replay with these)`);
    h = await startTestHost({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
    world = await seedFuzzWorld(h);
    const served = await h.api.get('/v1/openapi.json');
    expect(served.status).toBe(200);
    doc = served.body as OpenApiDocument;
    operations = operationsOf(doc).filter(({ op }) => !op.tags.some((t) => UNFUZZED_TAGS.includes(t)));
  });
  afterAll(async () => { await h?.stop(); });

  it('when the document is read, then every operation has a fuzz profile and every profile an operation', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.length).toBeGreaterThanOrEqual(50);
    expect({ withoutProfile: ids.filter((id) => !FUZZ_PROFILES[id]), withoutOperation: Object.keys(FUZZ_PROFILES).filter((id) => !ids.includes(id)) })
      .toEqual({ withoutProfile: [], withoutOperation: [] });
  });

  it.each(Object.keys(FUZZ_PROFILES))('when %s is sent generated requests, then no 5xx, broken ones are refused, and every 4xx is a problem', async (operationId) => {
    const operation = operations.find(({ op }) => op.operationId === operationId);
    const profile = FUZZ_PROFILES[operationId];
    if (!operation || !profile) return; // reported by the coverage test
    const ids = { ...world.ids, ...Object.fromEntries(Object.entries(profile.ids ?? {}).map(([param, key]) => [param, world.ids[key] ?? key])) };
    const cases = requestCases({ ...operation, tokens: { professional: world.tokens.professional, patient: world.tokens.patient }, roles: profile.as, ids, maxBodyBytes: MAX_BODY_BYTES });
    const send = async (c: RequestCase) => {
      const query = c.query.length > 0 ? `?${new URLSearchParams(c.query).toString()}` : '';
      const auth = c.caller in world.tokens ? `Bearer ${world.tokens[c.caller as Caller]}` : CALLER_HEADERS[c.caller];
      return h.api.call(c.method, `${c.path}${query}`, undefined, { headers: { ...c.headers, ...(auth ? { authorization: auth } : {}) }, ...(c.body !== undefined ? { rawBody: c.body } : {}) });
    };
    const statuses = new Map<number, number>();
    let pastAuth = 0;
    await fc.assert(fc.asyncProperty(cases, async (c) => {
      const res = await send(c);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (profile.as.includes(c.caller as Caller) && res.status !== 401 && res.status !== 403) pastAuth += 1;
      if (VERBOSE && c.label === 'valid' && res.status === 400) console.error(`${operationId} valid → 400: ${res.text.slice(0, 300)}`);
      const wrong = judge(doc, c, res);
      if (wrong) throw new Error(`${c.method} ${c.path} [${c.label}] ${wrong}\n${res.text.slice(0, 600)}`);
    }), { seed: seedOf(operationId), numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== '1' });
    if (VERBOSE) console.error(`${operationId}: ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
    // The callers are real: requests get past authentication and reach the handler.
    if (profile.as.length > 0) expect(pastAuth).toBeGreaterThan(0);
  }, 300_000);
});
