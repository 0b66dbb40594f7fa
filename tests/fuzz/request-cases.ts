import fc from 'fast-check';
import type { OpenApiOperation, OpenApiParameter } from '@korevitta/platform';
import { invalidOf, schemaAt, sitesOf, validOf, type JsonSchema } from './schema-arbitraries.ts';

/**
 * One generated request of an operation (TEST-CATALOG 27, 28): a valid one, biased to the edges, or a valid
 * one with exactly one thing broken — a body field, the body itself, its media type, a path id, a query
 * parameter, If-Match, Idempotency-Key, Accept-Language or the caller's credentials. `mustFail` says the
 * broken thing is one the document refuses, so the answer has to be a 4xx problem.
 */
export interface RequestCase {
  label: string;
  mustFail: boolean;
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  /** The caller: one of the operation's roles, none, a garbage token, or a role the operation does not serve. */
  caller: string;
  body?: string;
}

export interface CaseContext {
  method: string;
  template: string;
  op: OpenApiOperation;
  /** Tokens by role name (`professional`, `patient`), the roles this profile calls with, and valid path ids. */
  tokens: Record<string, string>;
  roles: readonly string[];
  ids: Record<string, string>;
  maxBodyBytes: number;
}

const MAX_DEPTH = 32;
const MAX_QUERY_VALUE = 8000;
const MAX_QUERY_VALUES = 300;
const EXTRA_KEYS = ['id', 'professionalId', 'patientId', 'revision', 'createdAt', 'role', 'isAdmin', '__proto__', 'constructor', 'ünïcode', ''];
const BAD_IDS = ['not-a-uuid', '0', '-1', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '6f1c3a4e-0000-4000-8000-00000000000g', `${'a'.repeat(1000)}`, 'ção', '😀', '..', '%2E%2E', 'a%2Fb', '%25', '%ZZ', ' ', '6f1c3a4e-0000-4000-8000-000000000000%20', "1' or '1'='1"];
const BAD_IF_MATCH = ['"abc"', 'W/"1"', '"1"', '"0"', '"99999999999"', '"-1"', '1', '""', '"1", W/"2"', ',,,', `"${'9'.repeat(300)}"`, '*, "1"', 'ção'];
const BAD_IDEMPOTENCY_KEYS = ['', ' ', 'a b', 'ção', 'k'.repeat(256), '\t', 'x'.repeat(8000)];
const ACCEPT_LANGUAGES = ['en', 'pt-BR', 'EN-us', '*', 'en;q=0.1, pt;q=0.9', 'en;q=abc', 'en;q=-1', 'fr', ';;;', ',', 'x'.repeat(4000), 'en;q=1e999'];
const CONTENT_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', 'json', '*/*', ''];
const RAW_BODIES: [string, string][] = [
  ['not JSON', 'hello'], ['truncated JSON', '{"name": "a'], ['a JSON string', '"texto"'], ['a JSON number', '1e999'], ['JSON null', 'null'],
  ['JSON true', 'true'], ['an empty array', '[]'], ['an array of objects', '[{}]'], ['a BOM before the object', '\ufeff{}'],
  ['trailing garbage', '{}}'], ['single quotes', "{'a': 1}"], ['NaN', '{"a": NaN}'], ['a comment', '{/* x */}'],
  ['a prototype key', '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {}}}'], ['whitespace only', '   \n\t  '],
];

type Part = fc.Arbitrary<RequestCase>;

const jsonSchemaOf = (op: OpenApiOperation): JsonSchema | undefined => op.requestBody?.content['application/json']?.schema as JsonSchema | undefined;
const declared = (op: OpenApiOperation, where: OpenApiParameter['in']) => (op.parameters ?? []).filter((p): p is OpenApiParameter => !('$ref' in p) && p.in === where);

/** Sets (or with `undefined`, deletes) the value at `path` in a copy of `root`. */
export function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const next = setAt(copy[head] ?? {}, rest, value);
  if (next === undefined && rest.length === 0) delete copy[head];
  else if (head === '__proto__') Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  else copy[head] = next;
  return copy;
}

const serialize = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)]);

/** Every request this operation can be sent: valid ones, and each kind of breakage that applies to it. */
export function requestCases(c: CaseContext): Part {
  const bodySchema = jsonSchemaOf(c.op);
  const query = declared(c.op, 'query');
  const path = declared(c.op, 'path');
  const headerNames = declared(c.op, 'header').map((p) => p.name.toLowerCase());
  const valid = validRequest(c, bodySchema, query);
  const parts: { weight: number; arbitrary: Part }[] = [{ weight: 4, arbitrary: valid }];
  if (bodySchema) {
    parts.push({ weight: 6, arbitrary: brokenField(valid, bodySchema) });
    parts.push({ weight: 2, arbitrary: brokenBody(valid, c.maxBodyBytes) });
    parts.push({ weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([r, type]) => ({ ...r, label: `Content-Type "${type}"`, mustFail: type.split(';')[0] !== 'application/json', headers: { ...r.headers, 'content-type': type } })) });
  }
  if (path.length > 0) {
    parts.push({ weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom(...path.map((p) => p.name)), fc.oneof(fc.constantFrom(...BAD_IDS), fc.uuid())).map(([r, name, bad]) => ({
      ...r, label: `path {${name}} = ${bad.slice(0, 40)}`, mustFail: true, path: pathOf(c.template, { ...c.ids, [name]: bad }),
    })) });
  }
  parts.push({ weight: 2, arbitrary: brokenQuery(valid, query) });
  if (headerNames.includes('if-match')) {
    parts.push({ weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...BAD_IF_MATCH, null)).map(([r, tag]) => {
      const headers = { ...r.headers };
      if (tag === null) delete headers['if-match'];
      else headers['if-match'] = tag;
      return { ...r, label: `If-Match ${tag === null ? 'absent' : JSON.stringify(tag)}`, mustFail: tag !== null && tag !== '"1"' && tag !== '*, "1"', headers };
    }) });
  }
  if (headerNames.includes('idempotency-key')) {
    parts.push({ weight: 1, arbitrary: fc.tuple(valid, fc.oneof(fc.constantFrom(...BAD_IDEMPOTENCY_KEYS), fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))).map(([r, key]) => ({
      ...r, label: `Idempotency-Key ${JSON.stringify(key.slice(0, 20))}${key.length > 20 ? `… (${key.length})` : ''}`, mustFail: !/^[\x21-\x7e]{1,255}$/.test(key), headers: { ...r.headers, 'idempotency-key': key },
    })) });
  }
  parts.push({ weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...ACCEPT_LANGUAGES)).map(([r, lang]) => ({ ...r, label: `Accept-Language ${JSON.stringify(lang.slice(0, 30))}`, headers: { ...r.headers, 'accept-language': lang } })) });
  if (c.op.security.length > 0) {
    const others = Object.keys(c.tokens).filter((role) => !(c.op['x-roles'] ?? []).includes(role));
    parts.push({ weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('none', 'garbage', 'basic', ...others)).map(([r, caller]) => ({ ...r, label: `caller ${caller}`, mustFail: true, caller })) });
  }
  return fc.oneof(...parts);
}

function pathOf(template: string, ids: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`fuzz: no id for {${name}} in ${template}; give the profile one`);
    return /%[0-9A-Fa-f]{2}|%ZZ|%25/.test(id) ? id : encodeURIComponent(id);
  });
}

function validRequest(c: CaseContext, bodySchema: JsonSchema | undefined, query: OpenApiParameter[]): Part {
  // A cursor is the server's own opaque value: one drawn from its pattern is refused, so valid requests leave it out.
  const queryParts = query.filter((p) => p.name !== 'cursor').map((p) => (p.required ? validOf(p.schema as JsonSchema).map((v) => ({ name: p.name, v })) : fc.option(validOf(p.schema as JsonSchema).map((v) => ({ name: p.name, v })), { nil: undefined })));
  const headers = declared(c.op, 'header');
  return fc.record({
    caller: fc.constantFrom(...(c.roles.length > 0 ? c.roles : ['none'])),
    query: fc.tuple(...queryParts),
    body: bodySchema ? validOf(bodySchema) : fc.constant(undefined),
    ifMatch: fc.constantFrom('*', undefined),
    key: fc.option(fc.stringMatching(/^[\x21-\x7e]{1,40}$/), { nil: undefined }),
    lang: fc.constantFrom(undefined, 'en', 'pt-BR'),
  }).map(({ caller, query: q, body, ifMatch, key, lang }) => {
    const h: Record<string, string> = {};
    const ifMatchParam = headers.find((p) => p.name === 'If-Match');
    if (ifMatchParam && (ifMatchParam.required || ifMatch !== undefined)) h['if-match'] = '*';
    if (key !== undefined && headers.some((p) => p.name === 'Idempotency-Key')) h['idempotency-key'] = `fuzz-${key}`;
    if (lang) h['accept-language'] = lang;
    if (body !== undefined) h['content-type'] = 'application/json';
    const pairs = q.filter((x): x is { name: string; v: unknown } => x !== undefined).flatMap(({ name, v }) => serialize(v).map((s) => [name, s] as [string, string]));
    return { label: 'valid', mustFail: false, method: c.method, path: pathOf(c.template, c.ids), query: pairs, headers: h, caller, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
  });
}

/** One body field broken: a refused value, a required one missing, an unknown one added. */
function brokenField(valid: Part, schema: JsonSchema): Part {
  return valid.chain((r) => {
    const body = JSON.parse(r.body ?? '{}') as unknown;
    const sites = sitesOf(schema, body);
    return fc.constantFrom(...sites).chain((site) => {
      const here = schemaAt(schema, body, site.path) ?? {};
      const at = `/${site.path.join('/')}`;
      const options: fc.Arbitrary<{ value: unknown; why: string }>[] = [invalidOf(here)];
      if (site.present && site.required && site.path.length > 0) options.push(fc.constant({ value: undefined, why: 'missing (required)' }));
      if (here.type === 'object' && here.additionalProperties === false) {
        options.push(fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.oneof(fc.constant('x'), fc.integer(), fc.constant(true))).map(([k, v]) => {
          const current = (site.path.reduce<unknown>((n, key) => (n as Record<string | number, unknown>)[key], body) ?? {}) as Record<string, unknown>;
          const withKey = { ...current };
          Object.defineProperty(withKey, k, { value: v, enumerable: true, writable: true, configurable: true });
          return { value: withKey, why: `unknown field "${k}"` };
        }));
      }
      return fc.oneof(...options).map((bad) => ({ ...r, label: `body ${at}: ${bad.why}`, mustFail: true, body: JSON.stringify(setAt(body, site.path, bad.value)) ?? '' }));
    });
  });
}

/** The body as a whole broken: not JSON, not an object, too deep, too large, or absent. */
function brokenBody(valid: Part, maxBodyBytes: number): Part {
  const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const raw = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 2, arbitrary: fc.constantFrom<[string, string]>([`nesting ${MAX_DEPTH + 1} deep`, deep(MAX_DEPTH + 1)], ['nesting 100000 deep', '['.repeat(100_000)], ['nesting 20000 deep, closed', deep(20_000)]) },
    { weight: 1, arbitrary: fc.constantFrom<[string, string]>([`body of ${maxBodyBytes + 1} bytes`, `{"a":"${'x'.repeat(maxBodyBytes - 6)}"}`], ['no body', '']) },
    { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['a duplicate key', '{"name":"a","name":1}'], ['an object of 5000 keys', JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))]) },
  );
  // No body at all is refused only where a field is required: it reads as `{}`.
  return fc.tuple(valid, raw).map(([r, [why, body]]) => ({ ...r, label: `body: ${why}`, mustFail: why !== 'no body', body }));
}

/** One query parameter broken: a refused value, given twice, unknown, empty, very long, repeated many times. */
function brokenQuery(valid: Part, query: OpenApiParameter[]): Part {
  type Broken = { why: string; mustFail: boolean; pairs: (r: RequestCase) => [string, string][] };
  const unknown = fc.constantFrom<[string, string]>(['unknown', '1'], ['Limit', '10'], ['limit[]', '1'], ['', 'x'], ['a'.repeat(2000), '1'], ['q\n', 'x'], ['__proto__', '1']);
  const options: fc.Arbitrary<Broken>[] = [
    unknown.map(([name, value]) => ({ why: `unknown parameter "${name.slice(0, 20)}"`, mustFail: true, pairs: (r) => [...r.query, [name, value]] })),
  ];
  for (const p of query) {
    const schema = p.schema as JsonSchema;
    const others = (r: RequestCase) => r.query.filter(([n]) => n !== p.name);
    // Every query value is text: a "wrong type" is refused only where the parameter is more than free text.
    const freeText = schema.type === 'string' && schema.format === undefined && schema.enum === undefined && /^\^\[\^\\u0000/.test(String(schema.pattern ?? '^[^\\u0000'));
    options.push(invalidOf(schema).map((bad) => {
      // The URL stays under the local host's 16 KB header limit (one long value, or at most 300) (node answers 431 itself beyond it).
      const values = serialize(typeof bad.value === 'object' && bad.value !== null && !Array.isArray(bad.value) ? '[object Object]' : bad.value).slice(0, MAX_QUERY_VALUES).map((x) => x.slice(0, MAX_QUERY_VALUE));
      // An empty list sends no parameter at all, which is valid.
      return { why: `?${p.name}: ${bad.why}`, mustFail: values.length > 0 && !(freeText && bad.why.startsWith('wrong type')), pairs: (r) => [...others(r), ...values.map((x) => [p.name, x] as [string, string])] };
    }));
    options.push(fc.constantFrom('', 'x'.repeat(5000), '%', ' 1', '1 ', '0x10', '1e3', '-0', '+1', 'true').map((v) => ({ why: `?${p.name}=${JSON.stringify(v.slice(0, 10))}`, mustFail: false, pairs: (r) => [...others(r), [p.name, v]] })));
    if (schema.type === 'array') options.push(validOf((schema.items ?? {}) as JsonSchema).map((v) => ({ why: `?${p.name} repeated 300 times`, mustFail: false, pairs: (r) => [...others(r), ...Array.from({ length: 300 }, () => [p.name, String(v)] as [string, string])] })));
    else options.push(validOf(schema).map((v) => ({ why: `?${p.name} given twice`, mustFail: true, pairs: (r) => [...others(r), [p.name, String(v)], [p.name, String(v)]] })));
  }
  return fc.tuple(valid, fc.oneof(...options)).map(([r, broken]) => ({ ...r, label: broken.why, mustFail: broken.mustFail, query: broken.pairs(r) }));
}
