import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { API_TAGS, buildOpenApiDocument, openApiPath, publishedHttpDefinitions, type FunctionDefinition, type HttpFunctionDefinition, type OpenApiDocument, type OpenApiOperation } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import openApiDocument from '../../functions/http/platform/openapi-document.ts';
import docsPage from '../../functions/http/platform/docs-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The table plus the document and docs functions, until functions/index.ts lists them. */
const table: readonly FunctionDefinition[] = [...allFunctions, ...[openApiDocument, docsPage].filter((d) => !allFunctions.includes(d))];
const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([method, op]) => ({ path: p, method, op: op as OpenApiOperation })));

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument(table, { version: '0.0.0-test' });
  const localDoc = buildOpenApiDocument(table, { version: '0.0.0-test', includeDevOnly: true });
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'kv-openapi-')); });
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it.each([['production', doc], ['local (with the dev mailbox)', localDoc]] as const)('when the %s document is linted with Redocly (recommended ruleset, redocly.yaml), then it has no errors', async (name, linted) => {
    const file = path.join(dir, `openapi.${name.split(' ')[0]}.json`);
    await writeFile(file, JSON.stringify(linted, null, 2));
    const result = await run('npx', ['redocly', 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } })
      .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }))
      .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    const report = JSON.parse(result.stdout || '{"problems":[]}') as { problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
    const warnings = report.problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
    expect({ errors, warnings, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ errors: [], warnings: [], stderr: '' });
    expect(result.code).toBe(0);
  }, 120_000);

  it('when linted with Spectral (spectral:oas and the OWASP API Security ruleset, .spectral.yaml), then it has no error and no warning', async () => {
    // Written inside the repository: the ruleset's paths resolve from its own folder.
    const file = path.join(ROOT, 'node_modules', '.cache', 'korevitta-openapi', `openapi-${process.pid}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(doc, null, 2));
    try {
      const result = await run('npx', ['spectral', 'lint', file, '--ruleset', path.join(ROOT, '.spectral.yaml'), '--format', 'json', '--fail-severity', 'hint'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
        .then((r) => ({ code: 0, stdout: r.stdout }))
        .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr }));
      const json = result.stdout.slice(0, result.stdout.lastIndexOf(']') + 1) || '[]';
      const findings = (JSON.parse(json) as { code: string; severity: number; message: string; path: string[] }[])
        .map((f) => `${f.code} (severity ${f.severity}): ${f.message} at ${f.path.join('/')}`);
      expect(findings).toEqual([]);
      expect(result.code).toBe(0);
    } finally {
      await rm(file, { force: true });
    }
  }, 120_000);

  it('when an operation carries examples (the P0 flows, seed §9.4), then each validates against its schema', () => {
    const p0 = ['register', 'login', 'createPatient', 'createProtocol', 'activateProtocol', 'getMeDaily', 'submitCheckin', 'createThreadMessage'];
    const published = publishedHttpDefinitions(table);
    for (const id of p0) {
      const def = published.find((d) => d.operationId === id);
      const withExample = def ? Object.values(def.responses).some((r) => r.example !== undefined) : false;
      expect({ id, found: Boolean(def), responseExample: withExample, requestExample: !def?.body || def.requestExample !== undefined })
        .toEqual({ id, found: true, responseExample: true, requestExample: true });
    }
    for (const def of published) {
      if (def.requestExample !== undefined && def.body) {
        const parsed = v.safeParse(def.body, def.requestExample);
        expect({ op: def.operationId, issues: parsed.success ? [] : parsed.issues.map((i) => i.message) }).toEqual({ op: def.operationId, issues: [] });
      }
      for (const [status, spec] of Object.entries(def.responses)) {
        if (spec.example === undefined || !spec.schema) continue;
        const parsed = v.safeParse(spec.schema, spec.example);
        expect({ op: def.operationId, status, issues: parsed.success ? [] : parsed.issues.map((i) => `${i.path?.map((x) => String(x.key)).join('.')}: ${i.message}`) })
          .toEqual({ op: def.operationId, status, issues: [] });
      }
    }
  });

  it('when tags are listed, then each operation has exactly one, a section of API.md, described in the document', () => {
    for (const { path: p, method, op } of operations(doc)) {
      expect({ at: `${method} ${p}`, tags: op.tags.length, known: API_TAGS.includes(op.tags[0]!) }).toEqual({ at: `${method} ${p}`, tags: 1, known: true });
    }
    for (const t of doc.tags) expect(t.description.length).toBeGreaterThan(10);
  });

  it('when an array is a query parameter, then it is a repeated parameter (form, explode), as generated clients send it', () => {
    const arrays = operations(doc).flatMap(({ op }) => (op.parameters ?? []).filter((x): x is Exclude<typeof x, { $ref: string }> => !('$ref' in x) && x.in === 'query' && x.schema.type === 'array'));
    expect(arrays.length).toBeGreaterThanOrEqual(3);
    for (const param of arrays) expect({ name: param.name, style: param.style, explode: param.explode }).toEqual({ name: param.name, style: 'form', explode: true });
  });

  it('when limit is a query parameter, then it is an integer 1–100 with a default', () => {
    const limits = operations(doc).flatMap(({ op }) => (op.parameters ?? []).filter((x): x is Exclude<typeof x, { $ref: string }> => !('$ref' in x) && x.name === 'limit'));
    expect(limits.length).toBeGreaterThanOrEqual(8);
    for (const l of limits) expect(l.schema).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 20 });
  });

  it('when the table is compared with the document, then every published HTTP function appears once and hidden or dev-only ones not at all', () => {
    const published = publishedHttpDefinitions(table);
    const ops = operations(doc);
    expect(published.length).toBeGreaterThanOrEqual(10);
    for (const def of published) {
      const found = ops.filter((o) => o.op.operationId === def.operationId);
      expect({ name: def.name, count: found.length, at: found.map((o) => `${o.method} ${o.path}`) })
        .toEqual({ name: def.name, count: 1, at: [`${def.method.toLowerCase()} ${openApiPath(def.route)}`] });
    }
    expect(ops.length).toBe(published.length);
    const hiddenDefs = table.filter((d) => d.kind === 'http' && (d.hidden || d.devOnly));
    expect(hiddenDefs.map((d) => d.name)).toEqual(expect.arrayContaining(['openapi-document', 'docs-page']));
    const hidden = hiddenDefs.map((d) => (d.kind === 'http' ? d.operationId : d.name));
    for (const name of hidden) expect(ops.map((o) => o.op.operationId)).not.toContain(name);
  });

  it('when the document is the local one, then it is the production one plus exactly the dev-only operations', () => {
    const devOnly = table.filter((d): d is HttpFunctionDefinition => d.kind === 'http' && d.devOnly === true);
    expect(devOnly.map((d) => d.name)).toEqual(expect.arrayContaining(['dev-mailbox-list', 'dev-mailbox-get']));
    const ids = (d: OpenApiDocument) => operations(d).map((o) => o.op.operationId).sort();
    expect(ids(localDoc)).toEqual([...ids(doc), ...devOnly.map((d) => d.operationId)].sort());
    expect(localDoc.paths['/dev/mailbox']?.get?.responses['200']?.content?.['application/json']?.schema).toMatchObject({
      properties: { items: { items: { required: expect.arrayContaining(['kind', 'link', 'token']) } } },
    });
  });

  it('when operationIds are listed, then each is unique', () => {
    const ids = operations(doc).map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when a path has route parameters, then each has a required path parameter object, and no other path parameter exists', () => {
    for (const { path: p, method, op } of operations(doc)) {
      const inRoute = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((x): x is Exclude<typeof x, { $ref: string }> => !('$ref' in x) && x.in === 'path');
      expect({ at: `${method} ${p}`, params: declared.map((x) => x.name).sort() }).toEqual({ at: `${method} ${p}`, params: inRoute });
      for (const x of declared) expect(x.required).toBe(true);
    }
  });

  it('when an operation is authenticated, then it carries bearer security, x-roles and a 401 problem; when public, then security is empty', () => {
    for (const def of publishedHttpDefinitions(table)) {
      const op = doc.paths[openApiPath(def.route)]?.[def.method.toLowerCase() as 'get'];
      expect(op).toBeDefined();
      if (def.auth === 'public') {
        expect(op?.security).toEqual([]);
        expect(op?.['x-roles']).toBeUndefined();
      } else {
        expect(op?.security).toEqual([{ bearerAuth: [] }]);
        expect(op?.['x-roles']).toEqual([...def.auth]);
        expect(op?.responses['401']?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('when an operation takes input, then it documents a 400 problem (the 4xx rule redocly.yaml turns off)', () => {
    for (const def of publishedHttpDefinitions(table)) {
      const op = doc.paths[openApiPath(def.route)]?.[def.method.toLowerCase() as 'get'];
      const takesInput = Boolean(def.params || def.query || def.body) || def.method !== 'GET';
      if (takesInput) expect({ name: def.name, has400: Boolean(op?.responses['400']) }).toEqual({ name: def.name, has400: true });
    }
  });

  it('when a request body or response is a strictObject, then its schema forbids additional properties', () => {
    const register = doc.paths['/v1/auth/register']?.post;
    expect(register?.requestBody?.content['application/json']?.schema).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['email', 'password', 'name']) });
    expect(register?.responses['201']?.content?.['application/json']?.schema).toMatchObject({ additionalProperties: false });
    expect(register?.responses['400']?.content?.['application/problem+json']).toBeDefined();
    expect(doc.components.schemas.Problem).toMatchObject({ additionalProperties: false, required: ['type', 'title', 'status', 'detail', 'code'] });
  });
});
