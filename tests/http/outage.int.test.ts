import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@korevitta/db';
import { createRuntime, loadConfig, LocalQueue, type Runtime } from '@korevitta/platform';
import { startLocalHost, type LocalHost } from '@korevitta/local-host';
import { allFunctions } from '../../functions/index.ts';
import { apiClient } from '../support/http-client.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional } from '../support/factories.ts';
import { startAzurite } from '@korevitta/local-host';

/** TEST-CATALOG 30: with the database unreachable, requests fail closed with 503, never 500 or an allow. */
describe('database outage', () => {
  let healthy: TestHost;
  let down: { db: Database; rt: Runtime; host: LocalHost };
  let accessToken: string;
  beforeAll(async () => {
    healthy = await startTestHost();
    accessToken = (await createProfessional(healthy)).accessToken;
    // A real connection attempt to a port nobody listens on: every query fails with ECONNREFUSED.
    const db = await openDatabase({ url: 'postgres://korevitta@127.0.0.1:9/unreachable', poolMax: 1 });
    const config = loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', JWT_PRIVATE_KEYS: healthy.signingKeysJson, JWT_ISSUER: 'https://auth.korevitta.test', JWT_AUDIENCE: 'korevitta-api' });
    const queue = new LocalQueue({ db, clock: { now: () => new Date() } });
    const rt = await createRuntime(config, { db, queue: { queue, probe: () => queue.probe(), local: queue } });
    down = { db, rt, host: await startLocalHost({ functions: allFunctions, rt, port: 0, background: false }) };
  });
  afterAll(async () => {
    await down.host.stop();
    await down.rt.close();
    await down.db.close();
    await healthy.stop();
  });

  it('when the database is reachable, then /health/ready is 200 with each check', async () => {
    const res = await healthy.api.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok', storage: 'ok' } });
  });

  it('when the database is unreachable, then /health/ready is 503 and names the failed checks; /health stays 200', async () => {
    const api = apiClient(down.host.url);
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toBe('failed');
    expect((await api.get('/health')).status).toBe(200);
  });

  it('when an authenticated or a login request needs the database, then 503 problem without internals', async () => {
    const api = apiClient(down.host.url);
    const me = await api.get('/v1/me', { token: accessToken });
    expect(me.status).toBe(503);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|unreachable/);
    const login = await api.post('/v1/auth/login', { email: 'a@b.co', password: 'whatever pass' });
    expect(login.status).toBe(503);
  });
});

/** ADR 0017: readiness names blob storage when it stops answering; liveness does not depend on it. */
describe('blob storage outage', () => {
  it('when Azurite stops, then /health/ready is 503 naming storage while the database and queue stay ok', async () => {
    const azurite = await startAzurite({ port: 0, location: null });
    const host = await startTestHost({ env: { BLOB_SERVICE_URL: azurite.serviceUrl } });
    try {
      expect((await host.api.get('/health/ready')).body.checks.storage).toBe('ok');
      await azurite.close();
      const ready = await host.api.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not_ready', checks: { database: 'ok', queue: 'ok', storage: 'failed' } });
      expect((await host.api.get('/health')).status).toBe(200);
    } finally {
      await host.stop();
    }
  });
});
