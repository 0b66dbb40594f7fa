import { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import azf from '@azure/functions';
import { azureHttpHandler, runWithRuntime, corsHeaders, preflightHeaders, problemOutput, securityHeaders, localeFromHeader, type HttpFunctionDefinition, type Runtime } from '@korevitta/platform';
import { compileRoutes, matchRoute } from './routes.ts';
import { listenEarly, type EarlyListener } from './early-listener.ts';

const { HttpRequest, InvocationContext } = azf;

export interface LocalHttpServer { url: string; port: number; close(): Promise<void> }

export interface HttpServerOptions {
  functions: readonly HttpFunctionDefinition[];
  rt: Runtime;
  port: number;
  host?: string;
  /** A socket already listening (npm start opens it before loading the app); without it, one is opened. */
  listener?: EarlyListener;
}

/**
 * Serves the registered HTTP functions on node:http, handing each request to the same handler Azure
 * invokes, as a real HttpRequest.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<LocalHttpServer> {
  const listener = opts.listener ?? await listenEarly({ port: opts.port, host: opts.host });
  listener.serve(requestListener(opts.functions, opts.rt));
  return { url: listener.url, port: listener.port, close: () => listener.close() };
}

/**
 * Routes a request to its function. Like the Azure front end, it appends the peer address to
 * X-Forwarded-For and refuses bodies over the size limit before buffering them.
 */
function requestListener(functions: readonly HttpFunctionDefinition[], rt: Runtime): RequestListener {
  const routes = compileRoutes(functions);
  const handlers = new Map(functions.map((d) => [d, azureHttpHandler(d)]));
  const maxBytes = rt.config.http.maxBodyBytes;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    const match = matchRoute(routes, method === 'OPTIONS' ? 'GET' : method, url.pathname.replace(/^\//, '/'));

    if (method === 'OPTIONS') {
      const allowedMethods = functions.filter((d) => matchRoute(routes, d.method, url.pathname).kind === 'match').map((d) => d.method);
      const headers = preflightHeaders(origin, rt.config.http.corsAllowedOrigins, allowedMethods);
      res.writeHead(headers ? 204 : 403, headers ?? {});
      res.end();
      req.resume();
      return;
    }
    const acceptLanguage = req.headers['accept-language'];
    const locale = localeFromHeader(Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage);
    if (match.kind !== 'match') {
      req.resume();
      const code = match.kind === 'not_found' ? 'REQUEST.NOT_FOUND' : 'REQUEST.METHOD_NOT_ALLOWED';
      const out = problemOutput(code, locale, { requestId: randomUUID() });
      const extra = match.kind === 'method_not_allowed' ? { allow: match.allowed.join(', ') } : {};
      res.writeHead(out.status, { ...securityHeaders(false), ...corsHeaders(origin, rt.config.http.corsAllowedOrigins), ...out.headers, ...extra });
      res.end(JSON.stringify(out.body));
      return;
    }

    const declared = Number(req.headers['content-length'] ?? '0');
    const body = declared > maxBytes ? null : await readLimited(req, maxBytes);
    if (body === null) {
      const out = problemOutput('REQUEST.TOO_LARGE', locale, { params: { limit: maxBytes }, requestId: randomUUID() });
      res.writeHead(413, { ...securityHeaders(false), ...out.headers, connection: 'close' });
      res.end(JSON.stringify(out.body));
      req.destroy();
      return;
    }

    const headers = flatHeaders(req);
    const peer = req.socket.remoteAddress ?? 'unknown';
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${peer}` : peer;
    const request = new HttpRequest({ method, url: url.toString(), headers, params: match.params, body: { bytes: body } });
    const handler = handlers.get(match.def);
    if (!handler) throw new Error(`no handler for ${match.def.name}`);
    const response = await handler(request, new InvocationContext({ invocationId: randomUUID(), functionName: match.def.name }));
    // The pipeline answers a plain HttpResponseInit with its body already text (no web-stream Response to read).
    if (response.body === undefined) {
      res.writeHead(response.status, response.headers);
      res.end();
      return;
    }
    const bytes = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'content-length': String(bytes.length) });
    res.end(bytes);
  }

  return (req, res) => {
    runWithRuntime(rt, () => handle(req, res)).catch((error: unknown) => {
      rt.log.error('local_host.request_failed', { error });
      if (!res.headersSent) writeProblem(res, 500, { type: 'https://korevitta.com.br/problems/internal', title: 'Internal error', status: 500 });
      else res.destroy();
    });
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Reads the body, giving up (null) as soon as it passes the limit: memory stays flat for huge bodies. */
function readLimited(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) { done = true; resolve(null); return; }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!done) { done = true; resolve(new Uint8Array(Buffer.concat(chunks))); } });
    req.on('error', (e) => { if (!done) { done = true; reject(e); } });
  });
}

function writeProblem(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}
