import * as v from 'valibot';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, type FunctionDefinition, type HttpFunctionDefinition, type OpenApiDocument, type OpenApiOperation, type OpenApiResponse } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import type { ApiResponse } from './http-client.ts';

/**
 * Schema-based response validation (TEST-CATALOG 16). The document says which response an operation may
 * answer (status, media type); the body is checked with the very valibot schema the document was generated
 * from (found by its operationId), so the check is exact, and the document's JSON Schema is
 * checked to forbid additional properties on every object it declares.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface SpecOptions {
  /** Definitions beyond functions/index.ts (functions a test host adds with extraFunctions). */
  defs?: readonly FunctionDefinition[];
  /** The response media type; checked against the document when given. */
  contentType?: string | null;
}

/** Throws with every mismatch between a response and the document; returns the operationId it matched. */
export function assertMatchesSpec(doc: OpenApiDocument, method: Method, path: string, status: number, body: unknown, options: SpecOptions = {}): string {
  const problems = specViolations(doc, method, path, status, body, options);
  if (problems.violations.length > 0) {
    throw new Error(`response of ${method} ${path} (${status}) does not match the OpenAPI document:\n- ${problems.violations.join('\n- ')}`);
  }
  return problems.operationId ?? '';
}

/** The same check over an ApiResponse from tests/support/http-client.ts (status, content type, body). */
export function assertResponseMatchesSpec(doc: OpenApiDocument, method: Method, path: string, res: ApiResponse, options: Omit<SpecOptions, 'contentType'> = {}): string {
  return assertMatchesSpec(doc, method, path, res.status, res.text === '' ? undefined : res.body, { ...options, contentType: res.headers.get('content-type') });
}

export function specViolations(doc: OpenApiDocument, method: Method, path: string, status: number, body: unknown, options: SpecOptions = {}): { operationId: string | null; violations: string[] } {
  const found = findOperation(doc, method, path);
  if (!found) return { operationId: null, violations: [`no operation ${method} ${path} in the document`] };
  const { op } = found;
  const response = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  if (!response) return { operationId: op.operationId, violations: [`status ${status} is not documented for ${op.operationId}`] };

  const violations: string[] = [];
  const mediaTypes = Object.keys(response.content ?? {});
  if (mediaTypes.length === 0) {
    if (body !== undefined) violations.push(`the document declares no body for ${status}, yet one was sent`);
    return { operationId: op.operationId, violations };
  }
  const sent = options.contentType?.split(';')[0]?.trim().toLowerCase();
  if (sent !== undefined && !mediaTypes.includes(sent)) violations.push(`content type ${sent} is not one of ${mediaTypes.join(', ')}`);

  violations.push(...nonStrictObjects(response));
  if (mediaTypes.includes(PROBLEM_CONTENT_TYPE)) {
    violations.push(...issues(ProblemSchema, body));
    if (isRecord(body) && body.status !== status) violations.push(`problem status ${String(body.status)} differs from the HTTP status ${status}`);
    return { operationId: op.operationId, violations };
  }
  const schema = responseSchemaOf(op.operationId, status, options.defs);
  if (!schema) violations.push(`no valibot schema for ${op.operationId} ${status}`);
  else violations.push(...issues(schema, body));
  return { operationId: op.operationId, violations };
}

function findOperation(doc: OpenApiDocument, method: Method, path: string): { template: string; op: OpenApiOperation } | null {
  const pathname = path.split('?')[0] ?? path;
  const key = method.toLowerCase() as Lowercase<Method>;
  // Literal templates first, as the router orders them.
  const templates = Object.keys(doc.paths).sort((a, b) => literalCount(b) - literalCount(a));
  for (const template of templates) {
    const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegex).join('[^/]+')}/?$`, 'i');
    const op = doc.paths[template]?.[key];
    if (op && pattern.test(pathname)) return { template, op };
  }
  return null;
}

const literalCount = (template: string) => template.split('/').filter((s) => s && !s.startsWith('{')).length;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function responseSchemaOf(operationId: string, status: number, extra: readonly FunctionDefinition[] = []): v.GenericSchema | undefined {
  const def = [...allFunctions, ...extra].find((d): d is HttpFunctionDefinition => d.kind === 'http' && d.operationId === operationId);
  return def?.responses[status]?.schema;
}

function issues(schema: v.GenericSchema, body: unknown): string[] {
  const result = v.safeParse(schema, body);
  if (result.success) return [];
  return result.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
}

/** Every object the response schema declares must forbid unknown keys (`additionalProperties: false`). */
function nonStrictObjects(response: OpenApiResponse): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${at}/${i}`)); return; }
    if (!isRecord(node)) return;
    if (node.type === 'object' && node.properties !== undefined && node.additionalProperties !== false) found.push(`object schema at ${at} allows additional properties`);
    for (const [k, child] of Object.entries(node)) walk(child, `${at}/${k}`);
  };
  for (const [mediaType, media] of Object.entries(response.content ?? {})) walk(media.schema, mediaType);
  return found;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface DeniedField { pointer: string; reason: string }
export interface DenyListOptions {
  /** Keys that may carry a token (a login response's token pair). */
  tokenFields?: readonly string[];
  /** Ids of other tenants that must not appear anywhere in the body. */
  foreignIds?: readonly string[];
  /** Keys that hand out a signed (SAS) URL on purpose: an upload's `url`, a photo's `thumbnailUrl` (ADR 0017). */
  signedUrlFields?: readonly string[];
}

const DENIED_KEY = /password|hash|secret|salt/i;
const REFRESH_KEY = /refresh/i;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/;
const SAS_SIGNATURE = /[?&]sig=/i;
const PASSWORD_HASH = /^\$(argon2(id|i|d)|2[aby]|scrypt)\$/;

/**
 * Deny-list scan of a response body (TEST-CATALOG 16): keys naming passwords, hashes or secrets; a refresh
 * token or a JWT outside the declared token fields; SAS signatures; password hashes; other tenants' ids.
 */
export function findDeniedFields(body: unknown, options: DenyListOptions = {}): DeniedField[] {
  const tokenFields = new Set(options.tokenFields ?? ['accessToken', 'refreshToken']);
  // Only the foreign values that occur in the answer at all are looked for node by node (thousands are fed in).
  const serialized = options.foreignIds?.length ? JSON.stringify(body) ?? '' : '';
  const foreign = (options.foreignIds ?? []).filter((id) => id && serialized.includes(id));
  const signedUrlFields = new Set(options.signedUrlFields ?? []);
  const hits: DeniedField[] = [];
  const walk = (node: unknown, pointer: string, key: string | null): void => {
    if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${pointer}/${i}`, key)); return; }
    if (isRecord(node)) {
      for (const [k, child] of Object.entries(node)) {
        const at = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (DENIED_KEY.test(k)) hits.push({ pointer: at, reason: `key "${k}" is on the deny-list` });
        else if (REFRESH_KEY.test(k) && !tokenFields.has(k)) hits.push({ pointer: at, reason: `key "${k}" looks like a refresh token` });
        walk(child, at, k);
      }
      return;
    }
    if (typeof node !== 'string') return;
    const isTokenField = key !== null && tokenFields.has(key);
    if (!isTokenField && JWT.test(node)) hits.push({ pointer: pointer || '/', reason: 'a JWT outside a token field' });
    if (SAS_SIGNATURE.test(node) && !(key !== null && signedUrlFields.has(key))) hits.push({ pointer: pointer || '/', reason: 'a signed URL (sig=)' });
    if (PASSWORD_HASH.test(node)) hits.push({ pointer: pointer || '/', reason: 'a password hash' });
    for (const id of foreign) if (id && node.includes(id)) hits.push({ pointer: pointer || '/', reason: `another tenant's id ${id}` });
  };
  walk(body, '', null);
  return hits;
}
