import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A local HTTP server that speaks the part of Stripe's API the adapter uses (customers, checkout sessions,
 * billing portal sessions, the subscriptions list; form-encoded bodies; Bearer key) and Stripe's idempotency rules: a key seen
 * before with the same parameters replays the stored response (`Idempotent-Replayed: true`), with other
 * parameters it is a 400 idempotency_error. `timeoutNewKeys` makes every first request of a key do its
 * work and then answer too late for the client (the timeout-after-commit case of TEST-CATALOG 41).
 */
export async function startFakeStripe(options: { timeoutNewKeys?: boolean; lateMs?: number } = {}) {
  /** Subscriptions by customer, newest first, as `GET /v1/subscriptions?customer=…&status=all` lists them. */
  const subscriptions = new Map<string, Record<string, unknown>[]>();
  const listQueries: string[] = [];
  const stored = new Map<string, { body: string; status: number; response: string }>();
  const created = { customers: 0, checkoutSessions: 0, portalSessions: 0 };
  const bodiesByKey = new Map<string, string[]>();
  let timeouts = 0;
  const pending = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const key = String(req.headers['idempotency-key'] ?? '');
    const send = (status: number, json: string, replayed = false) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID().slice(0, 8)}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
      res.end(json);
    };
    if (req.headers.authorization !== 'Bearer sk_test_fake') return send(401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'bad key' } }));
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    if (req.method === 'GET' && url.pathname === '/v1/subscriptions') {
      listQueries.push(url.search);
      const customer = url.searchParams.get('customer') ?? '';
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const data = (subscriptions.get(customer) ?? []).filter((x) => url.searchParams.get('status') === 'all' || x.status === 'active').slice(0, limit);
      return send(200, JSON.stringify({ object: 'list', url: '/v1/subscriptions', has_more: (subscriptions.get(customer) ?? []).length > data.length, data }));
    }
    if (key) bodiesByKey.set(key, [...(bodiesByKey.get(key) ?? []), body]);
    const previous = key ? stored.get(key) : undefined;
    if (previous) {
      if (previous.body !== body) return send(400, JSON.stringify({ error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } }));
      return send(previous.status, previous.response, true);
    }
    const params = new URLSearchParams(body);
    let response: Record<string, unknown>;
    if (req.method === 'POST' && req.url === '/v1/customers') {
      created.customers += 1;
      response = { id: `cus_${randomUUID().replaceAll('-', '').slice(0, 14)}`, object: 'customer', email: params.get('email') };
    } else if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
      created.checkoutSessions += 1;
      const id = `cs_test_${randomUUID().replaceAll('-', '')}`;
      response = { id, object: 'checkout.session', customer: params.get('customer'), mode: params.get('mode'), url: `https://checkout.stripe.test/c/pay/${id}` };
    } else if (req.method === 'POST' && req.url === '/v1/billing_portal/sessions') {
      created.portalSessions += 1;
      const id = `bps_${randomUUID().replaceAll('-', '').slice(0, 14)}`;
      response = { id, object: 'billing_portal.session', customer: params.get('customer'), url: `https://billing.stripe.test/p/session/${id}` };
    } else {
      return send(404, JSON.stringify({ error: { type: 'invalid_request_error', message: `no route ${req.method} ${req.url}` } }));
    }
    const json = JSON.stringify(response);
    if (key) stored.set(key, { body, status: 200, response: json });
    if (options.timeoutNewKeys && key) {
      timeouts += 1;
      pending.add(res);
      setTimeout(() => { pending.delete(res); if (!res.destroyed) send(200, json); }, options.lateMs ?? 1_000);
      return undefined;
    }
    return send(200, json);
  };

  const server: Server = createServer((req, res) => { void handle(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: { host: '127.0.0.1', port, protocol: 'http' as const },
    created,
    bodiesByKey,
    subscriptions,
    listQueries,
    timeouts: () => timeouts,
    async stop() {
      for (const r of pending) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
