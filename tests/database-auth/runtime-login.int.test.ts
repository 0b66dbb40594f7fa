import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureRuntimeLogin, openDatabase, runtimeLoginProblems, type Database } from '@korevitta/db';
import { pgCode } from '../support/pg-error.ts';

const realPostgres = inject('dbMode') === 'postgres';

/** ADR 0002 / TEST-CATALOG 20: the login `npm run db:runtime-login` makes is exactly as powerful as it should be. */
describe.skipIf(!realPostgres)('the application login (npm run db:runtime-login)', () => {
  const login = `kv_api_${randomBytes(4).toString('hex')}`;
  let admin: Database;
  let adminSql: postgres.Sql;
  let loginUrl = '';

  beforeAll(async () => {
    admin = await openDatabase({ url: inject('databaseUrl'), poolMax: 1 });
    adminSql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => undefined });
    const u = new URL(inject('databaseUrl'));
    u.username = login;
    u.password = '';
    loginUrl = u.toString();
  });
  afterAll(async () => {
    await adminSql.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${login}'`);
    await adminSql.unsafe(`DROP OWNED BY ${login}`).catch(() => undefined);
    await adminSql.unsafe(`DROP ROLE IF EXISTS ${login}`);
    await adminSql.end();
    await admin.close();
  });

  it('when it runs twice, then the login exists once, is a member of app and system only, inherits nothing and owns nothing', async () => {
    const first = await ensureRuntimeLogin(admin.migrationTarget, { login });
    const second = await ensureRuntimeLogin(admin.migrationTarget, { login });
    expect(second).toEqual(first);
    expect(first).toEqual({ login, superuser: false, bypassRls: false, inherits: false, createsRoles: false, createsDatabases: false, memberOf: ['korevitta_app', 'korevitta_system'], ownedRelations: 0 });
    expect(runtimeLoginProblems(first)).toEqual([]);
  });

  it('when the login queries a table without SET ROLE, then it is refused; inside a tenant transaction it works', async () => {
    const raw = postgres(loginUrl, { max: 1, onnotice: () => undefined });
    try {
      const failure = await raw`select count(*) from users`.then(() => null, (e: unknown) => e);
      expect(pgCode(failure)).toBe('42501');
    } finally {
      await raw.end({ timeout: 1 });
    }
    const db = await openDatabase({ url: loginUrl, poolMax: 1 });
    try {
      const settings = { role: 'korevitta_app' as const, userId: '', appRole: '', professionalId: '', patientId: '' };
      const rows = await db.transaction(settings, (tx) => tx.execute(sql`select count(*)::int as n from users`));
      expect((rows as unknown as { n: number }[])[0]?.n).toBe(0); // no tenant context: RLS shows nothing
    } finally {
      await db.close();
    }
  });

  it('when someone gave the login more power, then a re-run repairs what it may and reports the rest', async () => {
    await adminSql.unsafe(`ALTER ROLE ${login} INHERIT CREATEDB`);
    await adminSql.unsafe(`GRANT korevitta_owner TO ${login}`);
    const report = await ensureRuntimeLogin(admin.migrationTarget, { login });
    expect(report).toMatchObject({ inherits: false, createsDatabases: false });
    expect(runtimeLoginProblems(report)).toEqual(['is a member of korevitta_owner']);
    await adminSql.unsafe(`REVOKE korevitta_owner FROM ${login}`);
  });
});
