import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiOperation, type OpenApiParameter } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD } from '../support/factories.ts';

/**
 * Control characters and unpaired surrogates are refused at the edge, for every string field and query
 * parameter of the document (TEST-CATALOG 27, issue 8): one deterministic case per field, generated from
 * the document, so a field added tomorrow is covered the day it appears. NUL and a lone surrogate must
 * answer a 400 problem pointing at the field, never a 500 (Postgres refuses NUL in text and lone
 * surrogates in JSONB).
 */
type Schema = Record<string, unknown>;
type Operation = { method: string; path: string; op: OpenApiOperation };

const BAD = { nul: 'a\u0000b', surrogate: 'a\ud800b', escape: 'a\u001bb', c1: 'a\u0085b' } as const;

/** Every path (as JSON pointer segments) to a string inside a request body schema; arrays at index 0. */
function stringPaths(schema: Schema | undefined, doc: OpenApiDocument, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 8) return [];
  if (typeof schema.$ref === 'string') return stringPaths(resolve(doc, schema.$ref), doc, prefix, depth + 1);
  const variants = [...asList(schema.anyOf), ...asList(schema.oneOf), ...asList(schema.allOf)];
  if (variants.length > 0) return dedupe(variants.flatMap((s) => stringPaths(s, doc, prefix, depth + 1)));
  if (schema.type === 'string' && schema.enum === undefined && schema.const === undefined) return [prefix];
  if (schema.type === 'array') return stringPaths(schema.items as Schema | undefined, doc, [...prefix, '0'], depth + 1);
  if (schema.type === 'object' && schema.properties) {
    return Object.entries(schema.properties as Record<string, Schema>).flatMap(([name, sub]) => stringPaths(sub, doc, [...prefix, name], depth + 1));
  }
  return [];
}

const asList = (x: unknown): Schema[] => (Array.isArray(x) ? (x as Schema[]) : []);
const dedupe = (paths: string[][]) => [...new Map(paths.map((p) => [p.join('/'), p])).values()];
const resolve = (doc: OpenApiDocument, ref: string): Schema => ref.split('/').slice(1).reduce<Schema>((node, key) => node[key] as Schema, doc as unknown as Schema);

/** A body holding `value` at `path`, with objects and arrays around it as the path says. */
function bodyWith(path: string[], value: string): unknown {
  let node: unknown = value;
  for (const segment of [...path].reverse()) node = segment === '0' ? [node] : { [segment]: node };
  return node;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as OpenApiOperation })));
}

describe('unacceptable characters in text (every string field and query parameter of the document)', () => {
  let h: TestHost;
  let tokens: { professional: string; patient: string };
  const doc = buildOpenApiDocument(allFunctions, { version: 'test' });
  // A raw-body operation (a signed webhook) reads bytes, not fields: its body is checked by its signature instead.
  const ops = operationsOf(doc).filter(({ op }) => !op['x-raw-body']);

  beforeAll(async () => {
    h = await startTestHost();
    const pro = await createProfessional(h);
    const invited = await createInvitedPatient(h, pro.professionalId);
    const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    tokens = { professional: pro.accessToken, patient: accepted.body.accessToken };
  });
  afterAll(async () => { await h?.stop(); });

  const tokenFor = (op: OpenApiOperation) => (op['x-roles']?.includes('professional') ? tokens.professional : op['x-roles']?.includes('patient') ? tokens.patient : undefined);
  const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

  it('when the document is read, then it has string fields in bodies and string query parameters to check', () => {
    const fields = ops.flatMap(({ op }) => stringPaths(op.requestBody?.content['application/json']?.schema, doc));
    const params = ops.flatMap(({ op }) => (op.parameters ?? []).filter((p): p is OpenApiParameter => !('$ref' in p) && p.in === 'query'));
    expect(fields.length).toBeGreaterThanOrEqual(60);
    expect(params.length).toBeGreaterThanOrEqual(20);
  });

  it('when a body string field holds NUL, ESC, a C1 control or an unpaired surrogate, then the answer is a 400 problem pointing at that field', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const { method, path, op } of ops) {
      for (const field of stringPaths(op.requestBody?.content['application/json']?.schema, doc)) {
        for (const [kind, value] of Object.entries(BAD)) {
          cases += 1;
          const pointer = `/body/${field.join('/')}`;
          const res = await h.api.call(method, urlOf(path), bodyWith(field, value), { token: tokenFor(op) });
          const errors = (res.body?.errors ?? []) as { pointer: string; code: string }[];
          const pointed = errors.some((e) => e.pointer === pointer && e.code === 'invalid_character');
          if (res.status !== 400 || res.body?.code !== 'REQUEST.VALIDATION' || !pointed) failures.push(`${method} ${path} ${pointer} (${kind}): ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(240);
  }, 180_000);

  it('when a query parameter or a JSON key holds NUL or an unpaired surrogate, then the answer is a 400 problem pointing at it', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of ops) {
      const params = (op.parameters ?? []).filter((p): p is OpenApiParameter => !('$ref' in p) && p.in === 'query');
      for (const param of params) {
        for (const [kind, raw] of [['nul', '%00'], ['escape', '%1B'], ['c1', '%C2%85']] as const) {
          const res = await h.api.call(method, `${urlOf(path)}?${param.name}=a${raw}b`, undefined, { token: tokenFor(op) });
          const pointed = ((res.body?.errors ?? []) as { pointer: string; code: string }[]).some((e) => e.pointer === `/query/${param.name}` && e.code === 'invalid_character');
          if (res.status !== 400 || !pointed) failures.push(`${method} ${path}?${param.name} (${kind}): ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
      if (op.requestBody) {
        const res = await h.api.call(method, urlOf(path), { ['k\u0000ey']: 1 }, { token: tokenFor(op) });
        if (res.status !== 400 || res.body?.errors?.[0]?.code !== 'invalid_character') failures.push(`${method} ${path} key with NUL: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('when a name is sent with a line break or a tab, then single-line text refuses it; notes and messages keep them', async () => {
    const register = await h.api.post('/v1/auth/register', { email: `x-${randomUUID().slice(0, 8)}@example.com`, password: STRONG_PASSWORD, name: 'Ana\nSouza' });
    expect(register.status).toBe(400);
    expect(register.body.errors).toContainEqual(expect.objectContaining({ pointer: '/body/name', code: 'invalid_character' }));
    const patient = await h.api.post('/v1/patients', { name: 'Bia', notes: 'linha 1\nlinha 2\tcom tab' }, { token: tokens.professional });
    expect(patient.status).toBe(201);
    expect(patient.body.notes).toBe('linha 1\nlinha 2\tcom tab');
  });

  it('when the body is not UTF-8, then it is a 400 problem, not a replaced character', async () => {
    const res = await fetch(`${h.url}/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) });
    const body = (await res.json()) as { code: string; errors: { pointer: string; code: string }[] };
    expect({ status: res.status, code: body.code, error: body.errors[0] }).toEqual({ status: 400, code: 'REQUEST.VALIDATION', error: expect.objectContaining({ pointer: '/body', code: 'invalid_character' }) });
  });
});
