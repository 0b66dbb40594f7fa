import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, SessionEndedError, withSystemBypass, withTenant, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase, isRealPostgres } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';

/**
 * Issue 9 (ADR 0025): on postgres.js the tenant transaction queues BEGIN, the settings, the session check
 * and the callback's first statements on one write of a reserved connection. These prove it keeps what
 * `begin()` guaranteed: the settings are in force before the first query and transaction-local, an ended
 * session stops the statements already queued behind its check, an error the callback swallowed still
 * fails the transaction, and a savepoint's error stays in the savepoint; and that a one-query transaction
 * costs two writes (two round trips) on the wire.
 */
describe.skipIf(!isRealPostgres())('pipelined tenant transaction (postgres.js)', () => {
  let db: Database;
  let tenant: SeededTenant;
  let statements: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase({ poolMax: 1, onStatement: (text) => statements.push(text.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase()) });
    tenant = await seedTenant(db, 2);
  });
  afterAll(async () => { await db.close(); });

  const setting = async () => rowsOf<{ pid: string | null; role: string }>(await db.orm.execute(
    sql`select nullif(current_setting('app.professional_id', true), '') as pid, current_user as role`))[0];

  it('when a tenant transaction runs, then BEGIN, the settings and the first query go in that order and the first query sees the tenant', async () => {
    statements = [];
    const seen = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ pid: string; role: string; in_block: boolean; n: number }>(await tx.execute(sql`
      select current_setting('app.professional_id') as pid, current_user as role,
        transaction_timestamp() < statement_timestamp() as in_block, (select count(*)::int from patients) as n`))[0]);
    expect(seen).toEqual({ pid: tenant.ctx.professionalId, role: 'korevitta_app', in_block: true, n: 2 });
    expect(statements).toEqual(['begin', "select set_config('role',", "select current_setting('app.professional_id')", 'commit']);
    expect(await setting()).toEqual({ pid: null, role: 'postgres' });
  });

  it('when the session has ended, then the statement queued behind the check on the same write fails there, returns nothing and writes nothing', async () => {
    const marker = `ended-${Date.now()}`;
    statements = [];
    const attempt = withTenant(db, { ...tenant.ctx, sessionId: ids.newId() }, async (tx) => {
      const rows = await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[0]} returning name`).catch(() => null);
      return rows === null ? 'failed' : 'returned rows';
    });
    await expect(attempt).rejects.toBeInstanceOf(SessionEndedError);
    // The update was sent (pipelined behind the check), then refused by the aborted transaction.
    expect(statements).toEqual(['begin', "select set_config('role',", 'select app_ctx.assert_session_live($1::uuid)', 'update patients', 'rollback']);
    const names = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from patients where name = ${marker}`)));
    expect(names).toEqual([]);
  });

  it('when the session is live, then the queued statement runs and sees the tenant; once revoked, the same session is refused', async () => {
    const sessionId = ids.newId();
    await withSystemBypass(db, 'test: session', (tx) => tx.execute(sql`insert into auth_sessions (id, professional_id, user_id) values (${sessionId}, ${tenant.ctx.professionalId}, ${tenant.ctx.userId})`));
    const live = { ...tenant.ctx, sessionId };
    const n = await withTenant(db, live, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients`))[0]);
    expect(n).toEqual({ n: 2 });
    await withSystemBypass(db, 'test: revoke', (tx) => tx.execute(sql`update auth_sessions set revoked_at = now(), revoked_reason = 'logout' where id = ${sessionId}`));
    await expect(withTenant(db, live, async (tx) => tx.execute(sql`select count(*) from patients`))).rejects.toBeInstanceOf(SessionEndedError);
  });

  it('when a transaction runs one query, then the client writes twice: BEGIN, settings, session check and the query together, then COMMIT', async () => {
    const writes: number[] = [];
    const target = new URL(inject('databaseUrl'));
    const proxy = net.createServer((client) => {
      const server = net.connect(Number(target.port || 5432), target.hostname);
      const n = writes.push(0) - 1;
      client.on('data', (chunk) => { writes[n] = (writes[n] ?? 0) + 1; server.write(chunk); });
      server.on('data', (chunk) => client.write(chunk));
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = new URL(target);
    url.hostname = '127.0.0.1';
    url.port = String((proxy.address() as net.AddressInfo).port);
    const viaProxy = await openDatabase({ url: url.toString(), poolMax: 1 });
    try {
      const sessionId = ids.newId();
      await withSystemBypass(viaProxy, 'test: session', (tx) => tx.execute(sql`insert into auth_sessions (id, professional_id, user_id) values (${sessionId}, ${tenant.ctx.professionalId}, ${tenant.ctx.userId})`));
      const once = () => withTenant(viaProxy, { ...tenant.ctx, sessionId }, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients`))[0]);
      await once(); // the first run on a connection prepares (describes) each statement: more round trips
      const before = writes[0] ?? 0;
      expect(await once()).toEqual({ n: 2 });
      expect((writes[0] ?? 0) - before).toBe(2);
    } finally {
      await viaProxy.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('when the callback swallows a failed statement, then the transaction still fails and nothing it wrote stays', async () => {
    const marker = `pipelined-${Date.now()}`;
    const attempt = withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[0]}`);
      await tx.execute(sql`select 1/0`).catch(() => null);
      return 'swallowed';
    });
    await expect(attempt).rejects.toThrow(/division by zero/);
    const names = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from patients where name = ${marker}`)));
    expect(names).toEqual([]);
  });

  it('when a savepoint fails inside, then only the savepoint rolls back and the rest commits', async () => {
    const marker = `kept-${Date.now()}`;
    await withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[0]}`);
      await expect(tx.transaction(async (sp) => { await sp.execute(sql`select 1/0`); })).rejects.toThrow(/select 1\/0/);
      const inner = await tx.transaction(async (sp) => rowsOf<{ n: number }>(await sp.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
      expect(inner).toEqual({ n: 1 });
    });
    const kept = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
    expect(kept).toEqual({ n: 1 });
  });

  it('when the callback throws, then it rolls back and the connection carries no tenant afterwards', async () => {
    const marker = `thrown-${Date.now()}`;
    await expect(withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = ${marker} where id = ${tenant.patientIds[1]}`);
      throw new Error('forced');
    })).rejects.toThrow('forced');
    expect(await setting()).toEqual({ pid: null, role: 'postgres' });
    const n = await withTenant(db, tenant.ctx, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patients where name = ${marker}`))[0]);
    expect(n).toEqual({ n: 0 });
  });
});
