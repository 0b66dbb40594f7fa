import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import type { AuthContext, HttpFunctionDefinition, HttpOutput } from '../functions/definitions.ts';
import { getRuntime, type Runtime } from '../runtime.ts';
import { enrichLogContext, runWithLogContext } from '../observability/log-context.ts';
import { internalProblem, problemOutput, ProblemError, type Locale } from './problems.ts';
import { clientIpOf, localeOf, requestIdOf } from './request-meta.ts';
import { corsHeaders } from './cors.ts';
import { securityHeaders } from './security-headers.ts';
import { readJsonBody, readRawBody } from './read-body.ts';
import { parseWith } from './validation.ts';
import { findUnacceptableQuery, findUnacceptableText } from './input-guard.ts';
import { typedQuery } from './query-params.ts';
import { ifMatchRevisions } from './concurrency.ts';
import { authenticate } from './authenticate.ts';
import { withIdempotency } from './idempotency.ts';
import { isUnavailableError } from './unavailable.ts';
import { SessionEndedError } from '@korevitta/db';
import { applyRateLimit } from './rate-limit.ts';

const tracer = trace.getTracer('korevitta.http');
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one request pipeline: request id → authenticate → parse (valibot) → idempotency → handler → map,
 * with security headers, CORS, a span and one access-log line. Unknown errors become a 500 carrying only
 * the request id; an unreachable database becomes a 503.
 * The answer is a plain HttpResponseInit (the v4 worker accepts it as it accepts an HttpResponse): its body
 * is already the text to send, so no web-stream Response is built to be read back (issue 9).
 */
export async function handleHttp(def: HttpFunctionDefinition, req: HttpRequest, ctx: InvocationContext): Promise<PlainHttpResponse> {
  const started = performance.now();
  const requestId = requestIdOf(req);
  const locale = localeOf(req);
  const rt = await getRuntime();
  return tracer.startActiveSpan(`${def.method} /${def.route}`, { kind: SpanKind.SERVER, attributes: { 'http.route': `/${def.route}`, 'http.request.method': def.method } }, (span) => {
    const traceId = span.spanContext().traceId;
    return runWithLogContext({ requestId, traceId, route: `/${def.route}`, functionName: ctx.functionName }, async () => {
      let output: HttpOutput;
      // Set once the caller is known; carried by every answer, refusals included.
      const limitHeaders: Record<string, string> = {};
      try {
        output = await run(def, req, rt, requestId, locale, limitHeaders);
      } catch (error) {
        output = errorOutput(error, rt, locale, requestId);
      }
      span.setAttribute('http.response.status_code', output.status);
      if (output.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      rt.log.info('http.request', { method: def.method, status: output.status, latencyMs });
      return toResponse({ ...output, headers: { ...limitHeaders, ...output.headers } }, req, rt, requestId, def);
    });
  });
}

async function run(def: HttpFunctionDefinition, req: HttpRequest, rt: Runtime, requestId: string, locale: Locale, limitHeaders: Record<string, string>): Promise<HttpOutput> {
  // Refused callers count too (per address): a flood of bad tokens is limited like any other.
  let refusal: unknown = null;
  const auth = await authenticate(req, rt, def.auth, locale).catch((error: unknown) => { refusal = error; return null; });
  const clientIp = clientIpOf(req, rt.config.http.trustedProxyHops);
  if (!def.openToDirectCallers && !def.rateLimitExemptReason) {
    const limit = applyRateLimit(rt, auth, clientIp, `/${def.route}`);
    Object.assign(limitHeaders, limit.headers);
    if (limit.exceeded) return problemOutput('REQUEST.RATE_LIMITED', locale, { requestId, headers: { 'retry-after': String(limit.exceeded.retryAfterSeconds) } });
  }
  if (refusal) throw refusal;
  if (auth) enrichLogContext({ userId: auth.userId, professionalId: auth.professionalId });

  const bytes = def.rawBody ? await readRawBody(req, rt.config.http.maxBodyBytes) : undefined;
  const rawBody = BODY_METHODS.has(def.method) && !def.rawBody ? await readJsonBody(req, rt.config.http.maxBodyBytes) : undefined;
  const unacceptable = [...findUnacceptableText('path', req.params), ...findUnacceptableQuery(req.query), ...findUnacceptableText('body', rawBody)];
  if (unacceptable.length > 0) return problemOutput('REQUEST.VALIDATION', locale, { fields: unacceptable, requestId });
  const typed = typedQuery(def.query, req.query);
  const params = parseWith(def.params, 'path', req.params);
  const query = typed.problems.length > 0 ? { ok: false as const, problems: typed.problems } : parseWith(def.query, 'query', typed.value);
  // valibot's object schemas take an array as an object: a body that is not a JSON object is refused first.
  // No body at all reads as `{}`; a JSON `null` is a body, and not an object (it was read as none).
  const body = !def.body ? { ok: true as const, value: undefined }
    : Array.isArray(rawBody) || rawBody === null ? { ok: false as const, problems: [{ pointer: '/body', code: 'invalid_type' as const, params: { expected: 'object' } }] }
    : parseWith(def.body, 'body', rawBody ?? {});
  if (!params.ok || !query.ok || !body.ok) {
    const fields = [...(params.ok ? [] : params.problems), ...(query.ok ? [] : query.problems), ...(body.ok ? [] : body.problems)];
    return problemOutput('REQUEST.VALIDATION', locale, { fields, requestId });
  }

  const ifMatchHeader = req.headers.get('if-match');
  if (def.ifMatch === 'required' && (ifMatchHeader === null || ifMatchHeader.trim() === '')) return problemOutput('REQUEST.PRECONDITION_REQUIRED', locale, { requestId });

  const call = () =>
    def.handler({
      params: params.value,
      query: query.value,
      body: body.value,
      auth: auth as AuthContext,
      rt,
      request: req,
      requestId,
      ifMatch: def.ifMatch ? ifMatchRevisions(ifMatchHeader) : null,
      ...(bytes ? { rawBody: bytes } : {}),
      locale,
      clientIp,
      log: rt.log,
    });
  if (def.idempotent && def.method === 'POST' && auth) {
    return withIdempotency({ rt, auth, req, route: def.route, rawBody, locale, requestId }, call);
  }
  return call();
}

function errorOutput(error: unknown, rt: Runtime, locale: Locale, requestId: string): HttpOutput {
  if (error instanceof ProblemError) return problemOutput(error.code, locale, { ...error.options, requestId });
  if (error instanceof SessionEndedError) {
    // A valid token whose session was revoked or whose account or patient record is gone (ADR 0014).
    rt.log.security('auth.session_ended', { outcome: 'denied', reason: 'session_ended' });
    return problemOutput('AUTH.UNAUTHENTICATED', locale, { requestId, headers: { 'www-authenticate': 'Bearer realm="korevitta", error="invalid_token"' } });
  }
  if (isUnavailableError(error)) {
    rt.log.error('http.dependency_unavailable', { error });
    return problemOutput('SERVICE.UNAVAILABLE', locale, { requestId, headers: { 'retry-after': '5' } });
  }
  rt.log.error('http.unhandled_error', { error });
  return internalProblem(locale, requestId);
}

/** What handleHttp answers: a status, flat headers and the body as text. */
export interface PlainHttpResponse extends HttpResponseInit { status: number; headers: Record<string, string>; body?: string }

function toResponse(output: HttpOutput, req: HttpRequest, rt: Runtime, requestId: string, def: HttpFunctionDefinition): PlainHttpResponse {
  const headers: Record<string, string> = {
    ...securityHeaders(rt.config.isProduction),
    ...corsHeaders(req.headers.get('origin'), rt.config.http.corsAllowedOrigins),
    'x-request-id': requestId,
    'cache-control': def.auth === 'public' && def.method === 'GET' && output.status < 400 ? 'public, max-age=60' : 'no-store',
  };
  const init: PlainHttpResponse = { status: output.status, headers };
  if (output.raw) {
    headers['content-type'] = output.raw.contentType;
    init.body = output.raw.text;
  } else if (output.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(output.body);
  }
  // One spelling per header name, as a Headers object would merge them.
  for (const [name, value] of Object.entries(output.headers ?? {})) headers[name.toLowerCase()] = value;
  return init;
}
