import { afterEach, describe, expect, it } from 'vitest';
import { listenEarly, type EarlyListener } from './early-listener.ts';

describe('listenEarly', () => {
  let listener: EarlyListener | null = null;
  afterEach(async () => { await listener?.close(); listener = null; });

  it('when the app is not loaded yet, then GET /health answers 200 ok with the API security headers, never cached', async () => {
    listener = await listenEarly({ port: 0 });
    const res = await fetch(`${listener.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when other requests arrive before the app, then they wait, bodies unread, and the app serves them in arrival order', async () => {
    listener = await listenEarly({ port: 0 });
    const url = listener.url;
    const seen: string[] = [];
    const server = listener.server;
    const arrival = () => new Promise((r) => server.once('request', r));
    let arrived = arrival();
    const first = fetch(`${url}/v1/auth/register`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    await arrived;
    arrived = arrival();
    const second = fetch(`${url}/health/ready`);
    await arrived;
    // Still waiting: /health (liveness) answers meanwhile, the others have no answer yet.
    const settled = { first: false, second: false };
    void first.then(() => { settled.first = true; });
    void second.then(() => { settled.second = true; });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(settled).toEqual({ first: false, second: false });

    listener.serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.end('served by the app');
      });
    });

    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await a.text()).toBe('served by the app');
    expect(seen).toEqual(['POST /v1/auth/register {"n":1}', 'GET /health/ready ']);
    // Once the app serves, /health is the app's too.
    expect(await (await fetch(`${url}/health`)).text()).toBe('served by the app');
  });

  it('when the port is taken, then listening fails at once', async () => {
    listener = await listenEarly({ port: 0 });
    await expect(listenEarly({ port: listener.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
