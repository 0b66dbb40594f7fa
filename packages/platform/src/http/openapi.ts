import * as v from 'valibot';
import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import type { FunctionDefinition, HttpFunctionDefinition, ResponseSpec } from '../functions/definitions.ts';

/**
 * The OpenAPI 3.1 document, generated from the same valibot schemas the HTTP kit validates with
 * (DESIGN.md §6). Served at `/v1/openapi.json`; linted with Redocly in `npm test`.
 */

type Json = Record<string, unknown>;
type JsonSchema = Json;

export interface OpenApiParameter { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema }
export interface OpenApiMediaType { schema: JsonSchema }
export interface OpenApiResponse { description: string; content?: Record<string, OpenApiMediaType> }
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-roles'?: string[];
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
}
export type OpenApiPathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier?: string; url?: string } };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    securitySchemes: Record<string, Json>;
  };
}

/** One field-level problem, as `errors[]` carries it. */
export const FieldErrorSchema = v.strictObject({ pointer: v.string(), detail: v.string() });

/** The RFC 9457 body every error answers with (see problems.ts `ProblemBody`). */
export const ProblemSchema = v.strictObject({
  type: v.pipe(v.string(), v.url()),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  code: v.optional(v.string()),
  requestId: v.optional(v.string()),
  errors: v.optional(v.array(FieldErrorSchema)),
});

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `typeMode: 'ignore'` keeps the constraints after a transform (`v.trim()` then `v.maxLength(254)`), which
 * 'input' would drop; `errorMode: 'ignore'` skips what JSON Schema cannot say (STACK-NOTES).
 */
const CONVERSION: ConversionConfig = { target: 'draft-2020-12', errorMode: 'ignore' };

export function toOpenApiSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, CONVERSION) as JsonSchema;
  return rest;
}

const DESCRIPTION = `The KoreVitta API for professionals and their patients.

**Conventions**

- Every path is versioned under \`/v1/\`. Bodies are JSON with camelCase fields; instants are ISO 8601;
  calendar dates are \`YYYY-MM-DD\` in the patient's time zone.
- Authenticate with \`Authorization: Bearer <accessToken>\` (from \`POST /v1/auth/login\`). \`x-roles\` on an
  operation lists the roles it serves.
- Errors are RFC 9457 \`application/problem+json\` bodies (\`type\`, \`title\`, \`status\`, \`detail\`, \`code\`,
  \`requestId\`, and \`errors[]\` with a JSON pointer per invalid field). Problem titles are in Brazilian
  Portuguese (pt-BR) by default; send \`Accept-Language: en\` for English.
- Lists use cursor pagination: \`?limit=&cursor=\` answers \`{ "items": [...], "nextCursor": "..." | null }\`.
  Cursors are opaque; pass \`nextCursor\` back as \`cursor\` until it is null. \`limit\` has a maximum.
- Creations honour an \`Idempotency-Key\` header where the operation declares it: the same key with the same
  body replays the stored response; the same key with another body is a 422.`;

const TAG_DESCRIPTIONS: Record<string, string> = {
  identity: 'Sign-up, login, sessions, password reset, invites and the current caller.',
  platform: 'Health, readiness and the public signing keys.',
  dev: 'Local mode only (never in production): the mails the app sent, captured in the local mailbox.',
};

interface DocumentInfo {
  version: string;
  serverUrl?: string;
  /** The local document also lists the dev-only operations (the local mailbox); production's never does. */
  includeDevOnly?: boolean;
}

/** Builds the OpenAPI 3.1 document of every HTTP definition that is not hidden (dev-only ones only when asked). */
export function buildOpenApiDocument(defs: readonly FunctionDefinition[], info: DocumentInfo): OpenApiDocument {
  const http = publishedHttpDefinitions(defs, { includeDevOnly: info.includeDevOnly ?? false });
  const paths: Record<string, OpenApiPathItem> = {};
  for (const def of http) {
    const path = openApiPath(def.route);
    const item = (paths[path] ??= {});
    const method = def.method.toLowerCase() as keyof OpenApiPathItem;
    if (item[method]) throw new Error(`openapi: ${def.method} ${path} is defined twice (${def.name})`);
    item[method] = operationOf(def);
  }
  const tagNames = [...new Set(http.flatMap((d) => d.tags))].sort();
  return {
    openapi: '3.1.0',
    info: { title: 'KoreVitta API', version: info.version, description: DESCRIPTION, license: { name: 'Proprietary', url: 'https://korevitta.com.br/terms' } },
    servers: [{ url: info.serverUrl ?? '/', description: info.serverUrl ? 'KoreVitta API' : 'The host that served this document' }],
    tags: tagNames.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `${name} operations.` })),
    paths,
    components: {
      schemas: { Problem: toOpenApiSchema(ProblemSchema) },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of problem titles and e-mails: pt-BR (default) or en.',
          schema: { type: 'string', examples: ['en', 'pt-BR'] },
        },
      },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token from POST /v1/auth/login.' } },
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
  const authenticated = roles !== null;
  const parameters = [...pathParameters(def), ...objectParameters(def.query, 'query'), ...idempotencyParameter(def), { $ref: '#/components/parameters/AcceptLanguage' }];
  const takesBody = BODY_METHODS.has(def.method);
  const hasInput = Boolean(def.params || def.query || def.body) || takesBody;

  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, spec] of Object.entries(def.responses)) responses[status] = responseOf(Number(status), spec);
  const fallback = (status: number, description: string) => { responses[String(status)] ??= problemResponse(description); };
  if (hasInput) fallback(400, 'Invalid request: errors[] points at each invalid field');
  if (authenticated) {
    fallback(401, 'Missing, invalid or expired access token');
    fallback(403, "Authenticated, but this operation does not serve the caller's role");
  }
  if (takesBody) {
    fallback(413, 'Request body too large');
    fallback(415, 'The body is not application/json');
  }
  if (def.idempotent) {
    fallback(409, 'A request with this Idempotency-Key is still in progress');
    fallback(422, 'Idempotency-Key reused with a different body');
  }
  responses.default ??= problemResponse('Unexpected error (500, only the request id) or a dependency unavailable (503)');

  const op: OpenApiOperation = {
    operationId: def.name,
    summary: def.summary,
    tags: def.tags,
    security: authenticated ? [{ bearerAuth: [] }] : [],
    ...(roles ? { 'x-roles': roles } : {}),
    parameters,
    responses,
  };
  if (def.body) op.requestBody = { required: true, content: { 'application/json': { schema: toOpenApiSchema(def.body) } } };
  return op;
}

function responseOf(status: number, spec: ResponseSpec): OpenApiResponse {
  if (spec.schema) return { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: toOpenApiSchema(spec.schema) } } };
  if (status >= 400) return problemResponse(spec.description);
  return { description: spec.description };
}

function problemResponse(description: string): OpenApiResponse {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } } };
}

/** Every `{name}` of the route gets a parameter, typed from `params` when the schema names it. */
function pathParameters(def: HttpFunctionDefinition): OpenApiParameter[] {
  const fromSchema = new Map(objectParameters(def.params, 'path').map((p) => [p.name, p]));
  return [...def.route.matchAll(/\{\*?([A-Za-z_][A-Za-z0-9_]*)(?::([^}?]+))?\??\}/g)].map((m) => {
    const name = m[1] ?? '';
    const declared = fromSchema.get(name);
    const schema = declared?.schema ?? (m[2] === 'guid' ? { type: 'string', format: 'uuid' } : { type: 'string' });
    return { name, in: 'path', required: true, schema };
  });
}

/** Each property of an object schema (params or query) becomes one parameter. */
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
  }));
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
