import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { openDatabase, type Database } from '@korevitta/db';
import { tokenPassword } from '@korevitta/platform';
import { startPasswordGate, type PasswordGate } from '../support/password-gate.ts';
import { pgCode } from '../support/pg-error.ts';

const MINUTE = 60_000;
const TOKEN_LIFETIME = 60 * MINUTE;
const realPostgres = inject('dbMode') === 'postgres';

/**
 * ADR 0010: in Azure the database password is an Entra ID token that expires. Here the token source is
 * real: each token it issues is a fresh random secret that becomes the login's password (ALTER ROLE), so
 * the previous token stops working at once, which is harsher than Entra (where an old token lives until
 * it expires). On a server that checks passwords (CI's postgres service) the server itself refuses a
 * stale token; on a server that trusts local connections (this machine) a password gate in front of it
 * does (tests/support/password-gate.ts). Either way every query runs on the real PostgreSQL.
 */
describe.skipIf(!realPostgres)('database login with a rotating token as the password', () => {
  const login = `kv_token_${randomBytes(4).toString('hex')}`;
  const clock = { now: 0 };
  const issued: string[] = [];
  let failNextRequest = false;
  let admin: postgres.Sql;
  let gate: PasswordGate | null = null;
  let loginUrl = '';
  const opened: Database[] = [];

  const source: TokenCredential = {
    async getToken() {
      if (failNextRequest) {
        failNextRequest = false;
        throw new Error('Entra ID unreachable');
      }
      const token = `tok_${randomBytes(24).toString('base64url')}`; // [A-Za-z0-9_-]: safe inside the literal
      await admin.unsafe(`ALTER ROLE ${login} PASSWORD '${token}'`);
      issued.push(token);
      return { token, expiresOnTimestamp: clock.now + TOKEN_LIFETIME };
    },
  };
  const password = tokenPassword(source, { now: () => clock.now, refreshBeforeExpiryMs: 5 * MINUTE });

  const passwordErrors: unknown[] = [];
  const open = async (poolMax = 1, pass: () => Promise<string> = password) => {
    const db = await openDatabase({ url: loginUrl, poolMax, password: pass, onPasswordError: (e) => passwordErrors.push(e) });
    opened.push(db);
    return db;
  };
  /** A query on a fresh pool: one new connection, so one call of the password function. */
  const connectOnce = async () => {
    const db = await open();
    try {
      await db.ping();
    } finally {
      await db.close();
    }
  };
  const settings = { role: 'korevitta_app' as const, userId: '', appRole: '', professionalId: '', patientId: '' };
  const backendPid = (db: Database) =>
    db.transaction(settings, async (tx) => {
      const result = await tx.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.2)`);
      return (result as unknown as { pid: number }[])[0]?.pid;
    });

  beforeAll(async () => {
    const url = new URL(inject('databaseUrl'));
    admin = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`CREATE ROLE ${login} LOGIN NOINHERIT PASSWORD '${randomBytes(16).toString('hex')}'`);
    await admin.unsafe(`GRANT korevitta_app TO ${login}`);

    const direct = new URL(url);
    direct.username = login;
    direct.password = 'surely-not-the-password';
    const probe = postgres(direct.toString(), { max: 1, onnotice: () => undefined, connect_timeout: 5 });
    const serverChecksPasswords = await probe`select 1`.then(() => false, (e: unknown) => pgCode(e) === '28P01');
    await probe.end({ timeout: 1 });

    const target = new URL(url);
    target.username = login;
    target.password = '';
    if (!serverChecksPasswords) {
      gate = await startPasswordGate({ host: url.hostname, port: Number(url.port || 5432) }, (user, pass) => user === login && pass === issued.at(-1));
      target.hostname = '127.0.0.1';
      target.port = String(gate.port);
    }
    loginUrl = target.toString();
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
    await gate?.close();
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${login}'`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${login}`);
    await admin.end();
  });

  it('when new connections open within the token life, then they reuse the one token and connect', async () => {
    await connectOnce();
    clock.now += 30 * MINUTE;
    await connectOnce();
    await connectOnce();
    expect(issued).toHaveLength(1);
  });

  it('when a stale token is presented, then the login is refused (the check this test relies on is real)', async () => {
    const stale = issued[0] ?? '';
    clock.now = TOKEN_LIFETIME - 4 * MINUTE; // within the 5-minute margin: the next connection renews
    await connectOnce();
    expect(issued).toHaveLength(2);
    const db = await open(1, async () => stale);
    const failure = await db.ping().then(() => null, (e: unknown) => e);
    expect(pgCode(failure)).toBe('28P01');
  });

  it('when the token has rotated, then a pool opened earlier reconnects with the new token after losing its connection', async () => {
    const db = await open(2);
    const before = await backendPid(db);
    clock.now += TOKEN_LIFETIME; // the token in the cache has expired
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${login}'`);
    await waitUntil(async () => (await admin.unsafe(`select count(*)::int as n from pg_stat_activity where usename = '${login}'`))[0]?.n === 0);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the pool see its sockets close
    const after = await backendPid(db);
    expect(after).not.toBe(before);
    expect(issued).toHaveLength(3);
  });

  it('when several connections open at once after expiry, then they share one new token', async () => {
    clock.now += TOKEN_LIFETIME;
    const tokensBefore = issued.length;
    const db = await open(4);
    const pids = await Promise.all([backendPid(db), backendPid(db), backendPid(db), backendPid(db)]);
    expect(new Set(pids).size).toBe(4);
    expect(issued.length - tokensBefore).toBe(1);
  });

  it('when Entra ID is unreachable and no valid token is left, then the login fails at once with the cause reported; the next one recovers', async () => {
    clock.now += TOKEN_LIFETIME;
    failNextRequest = true;
    const db = await open();
    const failure = await db.ping().then(() => null, (e: unknown) => e);
    expect(pgCode(failure)).toBe('28P01');
    expect(passwordErrors.map(String)).toEqual([expect.stringMatching(/could not obtain a database access token from Entra ID/)]);
    for (const token of issued) expect(passwordErrors.map(String).join()).not.toContain(token);
    await connectOnce();
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
