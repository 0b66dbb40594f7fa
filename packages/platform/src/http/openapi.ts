import { ERROR_CODES, FIELD_CODES, type FieldCode } from '@korevitta/domain';
import type * as v from 'valibot';
import { toOpenApiSchema, type JsonSchema } from './openapi-schema.ts';
import { ProblemSchema } from './problem-schema.ts';
import { API_TAGS, type ApiTag, type FunctionDefinition, type HttpFunctionDefinition, type ResponseSpec } from '../functions/definitions.ts';

/**
 * The OpenAPI 3.1 document, generated from the same valibot schemas the HTTP kit validates with
 * (DESIGN.md §6) and the conventions of docs/adr/0009-api-contract-conventions.md. Served at
 * `/v1/openapi.json`; linted with Redocly and Spectral (OWASP ruleset) in `npm test`.
 */

type Json = Record<string, unknown>;
type Ref = { $ref: string };

export { toOpenApiSchema };
export { ProblemSchema, FieldErrorSchema } from './problem-schema.ts';

export interface OpenApiParameter { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema; style?: string; explode?: boolean }
export interface OpenApiMediaType { schema: JsonSchema; example?: unknown }
export interface OpenApiResponse { description: string; headers?: Record<string, Ref>; content?: Record<string, OpenApiMediaType> }
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: ApiTag[];
  security: Record<string, string[]>[];
  'x-roles'?: string[];
  'x-public-reason'?: string;
  /** The handler reads the body's exact bytes (a signed webhook): no schema or text guard runs on it. */
  'x-raw-body'?: boolean;
  parameters?: (OpenApiParameter | Ref)[];
  requestBody?: { required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
}
export type OpenApiPathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; contact: { name: string; email: string; url: string }; license: { name: string; identifier?: string; url?: string } };
  servers: { url: string; description: string; 'x-internal': boolean }[];
  tags: { name: string; description: string }[];
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    headers: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const header = (name: string): Ref => ({ $ref: `#/components/headers/${name}` });
const CORS_HEADERS = { 'Access-Control-Allow-Origin': header('Access-Control-Allow-Origin') };
const RATE_LIMIT_HEADERS = { ...CORS_HEADERS, RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimit-Policy') };

const DESCRIPTION = `The KoreVitta API for professionals and their patients.

**Conventions** (docs/adr/0009-api-contract-conventions.md)

- Every path is versioned under \`/v1/\`. Bodies are JSON with camelCase fields; instants are ISO 8601 in UTC;
  calendar dates are \`YYYY-MM-DD\` in the patient's time zone.
- Authenticate with \`Authorization: Bearer <accessToken>\` (from \`POST /v1/auth/login\`). \`x-roles\` on an
  operation lists the roles it serves; a public operation says why in \`x-public-reason\`.
- Errors are RFC 9457 \`application/problem+json\` bodies. Branch on \`code\` (stable, documented in the
  \`Problem\` schema); \`title\` and \`detail\` are for people, in Brazilian Portuguese (pt-BR) by default or
  English with \`Accept-Language: en\`. An invalid request lists each invalid field in \`errors[]\` with a JSON
  \`pointer\` (\`/body/name\`, \`/query/limit\`), a stable \`code\` and a \`detail\`. A resource of another
  practice answers 404, exactly like one that does not exist.
- Text fields refuse control characters (tab, line feed and carriage return are allowed only in multi-line
  text) and unpaired UTF-16 surrogates; every string has a maximum length, every list a maximum size.
- Query parameters are typed: integers are integers, a list is a repeated parameter
  (\`?status=active&status=paused\`). A parameter the operation does not declare is a 400.
- Lists use cursor pagination: \`?limit=&cursor=\` (limit 1–100, default 20) answers
  \`{ "items": [...], "nextCursor": "..." | null }\`. Pass \`nextCursor\` back as \`cursor\` until it is null.
- Concurrency: a mutable resource has an integer \`revision\` and answers with \`ETag: "<revision>"\`; send it
  back in \`If-Match\`. A stale one is a 412; a PATCH without one is a 428. Immutable versions of content
  (protocol content, check-in forms) are numbered \`contentVersion\`.
- A get-or-create answers 201 with \`Location\` when it created the resource and 200 when it already existed.
- Creations honour an \`Idempotency-Key\` header where the operation declares it: the same key with the same
  body replays the stored response for 24 h; the same key with another body is a 422; a concurrent one a 409.
- Rate limits answer 429 with \`Retry-After\`; responses carry \`RateLimit\` and \`RateLimit-Policy\` headers.`;

const TAG_DESCRIPTIONS: Record<ApiTag, string> = {
  'Platform': 'Health, readiness, this document and the public signing keys.',
  'Identity and access': 'Sign-up, login, sessions, password reset, invites and the current caller.',
  'Patients': "The professional's CRM: patients, invites, risk and the audit trail.",
  'Protocol engine': 'Protocols (nutrition, training, supplementation, hydration), their immutable content versions and templates.',
  'Daily execution': "The patient's day: tasks derived from the active protocol, completions, water and adherence.",
  'Check-ins and risk': 'Check-in forms, schedules, the inbox, answers and reviews.',
  'Communication': 'Threads and messages between a professional and a patient, read markers and notification preferences.',
  'Progress and biomarkers': 'Measurements, progress photos, uploads and lab results.',
  'Branding, subscription, analytics, compliance': 'White label, the subscription, dashboards and LGPD rights.',
  'Local development': 'Only on the local host: the mailbox that stands in for e-mail.',
};

interface DocumentInfo {
  version: string;
  serverUrl?: string;
  /** The environment that serves the document (`local`, `test`, `production`), named in its server. */
  environment?: string;
  /** The local document also lists the dev-only operations (the local mailbox); production's never does. */
  includeDevOnly?: boolean;
}

/** Builds the OpenAPI 3.1 document of every HTTP definition that is not hidden (dev-only ones only when asked). */
export function buildOpenApiDocument(defs: readonly FunctionDefinition[], info: DocumentInfo): OpenApiDocument {
  return documentOf(publishedHttpDefinitions(defs, { includeDevOnly: info.includeDevOnly ?? false }), info);
}

/** The document of exactly these definitions. */
export function documentOf(http: readonly HttpFunctionDefinition[], info: DocumentInfo): OpenApiDocument {
  const paths: Record<string, OpenApiPathItem> = {};
  for (const def of http) {
    const path = openApiPath(def.route);
    const item = (paths[path] ??= {});
    const method = def.method.toLowerCase() as keyof OpenApiPathItem;
    if (item[method]) throw new Error(`openapi: ${def.method} ${path} is defined twice (${def.name})`);
    item[method] = operationOf(def);
  }
  const used = new Set(http.map((d) => d.tag));
  const environment = info.environment ?? 'production';
  return {
    openapi: '3.1.0',
    info: {
      title: 'KoreVitta API',
      version: info.version,
      description: DESCRIPTION,
      contact: { name: 'KoreVitta engineering', email: 'api@korevitta.com.br', url: 'https://korevitta.com.br' },
      license: { name: 'Proprietary', url: 'https://korevitta.com.br/terms' },
    },
    servers: [{ url: info.serverUrl ?? '/', description: `KoreVitta API, ${environment} (the host that served this document)`, 'x-internal': false }],
    tags: API_TAGS.filter((t) => used.has(t)).map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    paths,
    components: {
      schemas: { Problem: toOpenApiSchema(ProblemSchema) },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of problem titles and details and of e-mails: pt-BR (default) or en.',
          schema: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9*,;=. -]*$', examples: ['en', 'pt-BR'] },
        },
      },
      headers: {
        'Access-Control-Allow-Origin': {
          description: "The caller's origin, when it is in the API's CORS allow-list (absent otherwise: the browser then refuses the response).",
          schema: { type: 'string', maxLength: 300, format: 'uri' },
        },
        RateLimit: {
          description: 'Remaining quota of the policy that applies to this request (draft-ietf-httpapi-ratelimit-headers-10), e.g. `"per-user";r=57;t=42` (one item per policy applied; API Management sends no `t`).',
          schema: { type: 'string', maxLength: 200, pattern: '^[\\x20-\\x7e]*$' },
        },
        'RateLimit-Policy': {
          description: 'The policy: quota `q` per window `w` seconds, partitioned per caller (draft-ietf-httpapi-ratelimit-headers-10), e.g. `"per-address";q=600;w=60, "per-user";q=300;w=60` (ADR 0015).',
          schema: { type: 'string', maxLength: 200, pattern: '^[\\x20-\\x7e]*$' },
        },
        'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 } },
        ETag: { description: 'The strong entity tag of the resource: its revision, quoted. Send it back in If-Match.', schema: { type: 'string', maxLength: 12, pattern: '^"\\d{1,10}"$' } },
        Location: { description: 'The URL of the resource the request created.', schema: { type: 'string', maxLength: 300, format: 'uri-reference' } },
        'WWW-Authenticate': { description: 'The authentication scheme (Bearer).', schema: { type: 'string', maxLength: 200, pattern: '^Bearer .*$' } },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token from POST /v1/auth/login: a JWS signed with EdDSA (Ed25519) following RFC8725 (the algorithm, issuer, audience and token type are pinned; keys by `kid` from /.well-known/jwks.json), valid at most 15 minutes.',
        },
      },
    },
  };
}

/** The HTTP definitions the document publishes (the same filter the lint test counts against). */
export function publishedHttpDefinitions(defs: readonly FunctionDefinition[], options: { includeDevOnly?: boolean } = {}): HttpFunctionDefinition[] {
  return defs.filter((d): d is HttpFunctionDefinition => d.kind === 'http' && !d.hidden && (!d.devOnly || options.includeDevOnly === true));
}

/** `v1/patients/{patientId:guid}` → `/v1/patients/{patientId}` (Azure constraints and markers dropped). */
export function openApiPath(route: string): string {
  return `/${route.replace(/\{\*?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?\??\}/g, '{$1}')}`;
}

function operationOf(def: HttpFunctionDefinition): OpenApiOperation {
  const roles = def.auth === 'public' ? null : [...def.auth];
  if (roles === null && !def.publicReason) throw new Error(`openapi: public operation ${def.name} must say why it is public (publicReason)`);
  const parameters = [
    ...pathParameters(def),
    ...objectParameters(def.query, 'query'),
    ...ifMatchParameter(def),
    ...idempotencyParameter(def),
    { $ref: '#/components/parameters/AcceptLanguage' },
  ];
  const op: OpenApiOperation = {
    operationId: def.operationId,
    summary: def.summary,
    description: descriptionOf(def, roles),
    tags: [def.tag],
    security: roles ? [{ bearerAuth: [] }] : [],
    ...(roles ? { 'x-roles': roles } : { 'x-public-reason': def.publicReason ?? '' }),
    parameters,
    responses: responsesOf(def, roles !== null),
  };
  if (def.body) {
    const media: OpenApiMediaType = { schema: toOpenApiSchema(def.body) };
    if (def.requestExample !== undefined) media.example = def.requestExample;
    op.requestBody = { required: true, content: { 'application/json': media } };
  }
  if (def.rawBody) {
    // Described for clients and fuzzers, but read as bytes: x-raw-body says no schema or text guard runs.
    op.requestBody = { required: true, content: { [def.rawBody.contentType]: { schema: toOpenApiSchema(def.rawBody.documentedAs) } } };
    op['x-raw-body'] = true;
  }
  return op;
}

function descriptionOf(def: HttpFunctionDefinition, roles: string[] | null): string {
  const lines = [def.description ?? def.summary, ''];
  lines.push(roles ? `**Roles:** ${roles.join(', ')}.` : `**Public:** ${def.publicReason ?? ''}`);
  if (def.ifMatch === 'required') lines.push('**Concurrency:** send `If-Match` with the ETag from a read (428 without it, 412 when stale).');
  if (def.ifMatch === 'optional') lines.push('**Concurrency:** `If-Match` with the ETag from a read is honoured (412 when stale).');
  if (def.idempotent) lines.push('**Idempotency:** honours `Idempotency-Key` (24 h).');
  return lines.join('\n');
}

function responsesOf(def: HttpFunctionDefinition, authenticated: boolean): Record<string, OpenApiResponse> {
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, spec] of Object.entries(def.responses)) responses[status] = responseOf(Number(status), spec);
  const fallback = (status: number, description: string) => { responses[String(status)] ??= problemResponse(status, description); };
  fallback(400, 'Invalid request: errors[] points at each invalid field (unknown query parameters included)');
  if (authenticated) {
    fallback(401, 'Missing, invalid or expired access token');
    fallback(403, "Authenticated, but this operation does not serve the caller's role");
  }
  if (BODY_METHODS.has(def.method)) {
    fallback(413, 'Request body too large');
    fallback(415, 'The body is not application/json');
  }
  if (def.ifMatch) fallback(412, 'If-Match does not match the current revision');
  if (def.ifMatch === 'required') fallback(428, 'If-Match is required');
  if (def.idempotent) {
    fallback(409, 'A request with this Idempotency-Key is still in progress');
    fallback(422, 'Idempotency-Key reused with a different body');
  }
  fallback(429, 'Too many requests: retry after Retry-After seconds');
  fallback(500, 'Unexpected error: the body carries only the request id');
  fallback(503, 'A dependency (the database) is unavailable: retry after Retry-After seconds');
  return responses;
}

function responseOf(status: number, spec: ResponseSpec): OpenApiResponse {
  if (status >= 400 && !spec.schema) return problemResponse(status, spec.description);
  const headers: Record<string, Ref> = status < 500 ? { ...RATE_LIMIT_HEADERS } : { ...CORS_HEADERS };
  if (spec.headers?.includes('etag')) headers.ETag = header('ETag');
  if (spec.headers?.includes('location')) headers.Location = header('Location');
  const out: OpenApiResponse = { description: spec.description, headers };
  if (spec.schema) {
    const media: OpenApiMediaType = { schema: toOpenApiSchema(spec.schema) };
    if (spec.example !== undefined) media.example = spec.example;
    out.content = { [spec.contentType ?? 'application/json']: media };
  }
  return out;
}

function problemResponse(status: number, description: string): OpenApiResponse {
  const headers: Record<string, Ref> = status < 500 ? { ...RATE_LIMIT_HEADERS } : { ...CORS_HEADERS };
  if (status === 429 || status === 503) headers['Retry-After'] = header('Retry-After');
  if (status === 401) headers['WWW-Authenticate'] = header('WWW-Authenticate');
  return { description, headers, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } } };
}

/** Every `{name}` of the route gets a parameter, typed from `params` when the schema names it. */
function pathParameters(def: HttpFunctionDefinition): OpenApiParameter[] {
  const fromSchema = new Map(objectParameters(def.params, 'path').map((p) => [p.name, p]));
  return [...def.route.matchAll(/\{\*?([A-Za-z_][A-Za-z0-9_]*)(?::([^}?]+))?\??\}/g)].map((m) => {
    const name = m[1] ?? '';
    const declared = fromSchema.get(name);
    const schema = declared?.schema ?? { type: 'string', format: 'uuid', maxLength: 36 };
    return { name, in: 'path', required: true, schema };
  });
}

/** Each property of an object schema (params or query) becomes one parameter; arrays are repeated. */
function objectParameters(schema: v.GenericSchema | undefined, location: 'path' | 'query'): OpenApiParameter[] {
  if (!schema) return [];
  const json = toOpenApiSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: propertySchema,
    ...(propertySchema.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

function ifMatchParameter(def: HttpFunctionDefinition): OpenApiParameter[] {
  if (!def.ifMatch) return [];
  return [{
    name: 'If-Match',
    in: 'header',
    required: def.ifMatch === 'required',
    description: 'The ETag of the revision the change is based on (from a read), or `*` to change whatever the current revision is.',
    schema: { type: 'string', maxLength: 200, pattern: '^(\\*|"\\d{1,10}"(\\s*,\\s*"\\d{1,10}")*)$' },
  }];
}

function idempotencyParameter(def: HttpFunctionDefinition): OpenApiParameter[] {
  if (!def.idempotent) return [];
  return [{
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'A client-chosen key (printable ASCII, 1–255 characters); a retry with the same key and body replays the stored response for 24 h.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' },
  }];
}

/** The codes a problem may carry: the domain's error codes and INTERNAL (an unexpected 500). */
export const PROBLEM_CODES = [...ERROR_CODES, 'INTERNAL'] as const;
export const PROBLEM_FIELD_CODES: readonly FieldCode[] = FIELD_CODES;
