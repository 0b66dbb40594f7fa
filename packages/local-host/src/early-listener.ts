import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { securityHeaders } from '@korevitta/platform/boot';

export interface EarlyListener {
  url: string;
  port: number;
  server: Server;
  /** Hands every request to the app from now on, the ones that waited first, in arrival order. */
  serve(app: RequestListener): void;
  close(): Promise<void>;
}

/** `GET /health` while the app loads: the process is up (liveness), which is all that route says. */
function answerLiveness(res: ServerResponse): void {
  res.writeHead(200, {
    ...securityHeaders(false),
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-request-id': randomUUID(),
  });
  res.end('{"status":"ok"}');
}

const isLiveness = (req: IncomingMessage) => req.method === 'GET' && /^\/health\/?(\?.*)?$/.test(req.url ?? '');

/**
 * The local host's socket, open before the app is loaded (ADR 0012): `npm start` answers `GET /health`
 * at once, and every other request waits, unread, until the database is migrated and the functions are
 * loaded, then is served in arrival order. No request that needs the database is answered before then.
 */
export async function listenEarly(opts: { port: number; host?: string }): Promise<EarlyListener> {
  let app: RequestListener | null = null;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const server = createServer((req, res) => {
    if (app) app(req, res);
    else if (isLiveness(req)) answerLiveness(res);
    else waiting.push([req, res]);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    serve(listener) {
      app = listener;
      for (const [req, res] of waiting.splice(0)) listener(req, res);
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
