import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import postgres from 'postgres';
import type { Database } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { isRealPostgres } from '../support/database.ts';

/**
 * TEST-CATALOG 30: when the database fails inside the authorization lookup (the per-request session check,
 * ADR 0014) or inside a handler, the request is denied with a problem that carries no internals, never
 * answered as if it were allowed. The outage of the whole database is tests/http/outage.int.test.ts.
 */
const INTERNALS = /SELECT|auth_sessions|notification_preferences|postgres|canceling statement|at .*\.ts:\d+|ECONN|stack/i;

function expectDeniedWithoutInternals(res: { status: number; headers: Headers; text: string; body: { code?: string; requestId?: string } }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.requestId).toEqual(expect.any(String));
  expect(res.text).not.toMatch(INTERNALS);
}

describe('fail closed when the authorization lookup throws (30)', () => {
  let h: TestHost;
  let pro: Professional;
  let failing = false;
  beforeAll(async () => {
    // The fault: a real database, whose session-checked (tenant) transactions fail while `failing` is set.
    const wrap = (db: Database): Database => ({
      ...db,
      transaction: (settings, fn) => (failing && settings.sessionId
        ? Promise.reject(new TypeError('injected failure in the session lookup'))
        : db.transaction(settings, fn)),
    });
    h = await startTestHost({ database: { wrap } });
    pro = await createProfessional(h);
  });
  afterAll(async () => { await h.stop(); });

  it('when the session lookup throws, then the caller gets a 500 problem with only a request id, and the same token works once it recovers', async () => {
    failing = true;
    try {
      expectDeniedWithoutInternals(await h.api.get('/v1/me', { token: pro.accessToken }), 500);
      expectDeniedWithoutInternals(await h.api.get('/v1/patients', { token: pro.accessToken }), 500);
      expectDeniedWithoutInternals(await h.api.post('/v1/patients', { name: 'Rita Prado' }, { token: pro.accessToken }), 500);
    } finally {
      failing = false;
    }
    const list = await h.api.get('/v1/patients', { token: pro.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]); // the refused create left nothing behind
  });
});

describe.runIf(isRealPostgres())('fail closed when a real connection is blocked past its statement timeout (30)', () => {
  let h: TestHost;
  let admin: postgres.Sql;
  beforeAll(async () => {
    h = await startTestHost({ database: { statementTimeoutMs: 400 } });
    admin = postgres(inject('databaseUrl'), { max: 1, onnotice: () => undefined });
  });
  afterAll(async () => {
    await admin.end({ timeout: 5 });
    await h.stop();
  });

  /** Runs `during` while another connection holds an ACCESS EXCLUSIVE lock on `table` (nobody can read it). */
  async function whileLocked<T>(table: string, during: () => Promise<T>): Promise<T> {
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((r) => { locked = r; });
    const done = admin.begin(async (tx) => {
      await tx.unsafe(`lock table ${table} in access exclusive mode`);
      locked();
      await new Promise<void>((r) => { release = r; });
    });
    await held;
    try {
      return await during();
    } finally {
      release();
      await done;
    }
  }

  it('when the session table cannot be read in time, then an authenticated request is 503 with Retry-After, never 200', async () => {
    const pro = await createProfessional(h);
    const res = await whileLocked('auth_sessions', () => h.api.get('/v1/me', { token: pro.accessToken }));
    expectDeniedWithoutInternals(res, 503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await h.api.get('/v1/me', { token: pro.accessToken })).status).toBe(200);
  });

  it('when a handler\'s own table cannot be read in time, then 503 problem without internals', async () => {
    const pro = await createProfessional(h);
    const res = await whileLocked('notification_preferences', () => h.api.get('/v1/me/notification-preferences', { token: pro.accessToken }));
    expectDeniedWithoutInternals(res, 503);
    expect((await h.api.get('/v1/me/notification-preferences', { token: pro.accessToken })).status).toBe(200);
  });
});
