import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';
import { asAppWithSettings, seedTenant } from '../support/tenants.ts';

const query = async <T>(db: Database, q: ReturnType<typeof sql>) => rowsOf<T>(await db.orm.execute(q));

/** TEST-CATALOG 19, 20, 22, 24: the catalog itself proves tenancy is enforced by the database. */
describe('row level security catalog', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when the catalog is read, then every public table has RLS enabled and forced and at least one policy (19)', async () => {
    const rows = await query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(db, sql`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations' and not c.relispartition`);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const violations = rows.filter((r) => !r.enabled || !r.forced || r.policies === 0);
    expect(violations).toEqual([]);
  });

  it('when a table has professional_id, then it is covered (19)', async () => {
    const rows = await query<{ table: string; forced: boolean }>(db, sql`
      select c.relname as table, c.relforcerowsecurity as forced from pg_attribute a
      join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and a.attname = 'professional_id' and c.relkind in ('r', 'p') and not a.attisdropped`);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(rows.filter((r) => !r.forced)).toEqual([]);
  });

  it('when policies are listed, then only policies of the system role (and read-only ones of the analytics views\' owner, ADR 0019) use a constant true (19)', async () => {
    const rows = await query<{ policy: string; roles: string[]; cmd: string }>(db, sql`
      select policyname as policy, roles::text[] as roles, cmd from pg_policies
      where schemaname = 'public' and (qual = 'true' or with_check = 'true')`);
    const allowed = (r: { roles: string[]; cmd: string }) => r.roles.length === 1
      && (r.roles[0] === 'korevitta_system' || (r.roles[0] === 'korevitta_analytics' && r.cmd === 'SELECT'));
    const leaky = rows.filter((r) => !allowed(r));
    expect(leaky).toEqual([]);
    const appPolicies = await query<{ roles: string[] }>(db, sql`select roles::text[] as roles from pg_policies where schemaname = 'public'`);
    expect(appPolicies.every((p) => !p.roles.includes('public'))).toBe(true);
  });

  it('when role hygiene is checked, then app and system roles are not superuser, cannot bypass RLS and own nothing (20)', async () => {
    const roles = await query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(db, sql`
      select rolname, rolsuper, rolbypassrls from pg_roles where rolname in ('korevitta_app', 'korevitta_system')`);
    expect(roles).toHaveLength(2);
    for (const r of roles) expect([r.rolsuper, r.rolbypassrls]).toEqual([false, false]);
    const owned = await query<{ n: number }>(db, sql`
      select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname in ('korevitta_app', 'korevitta_system')`);
    expect(owned[0]?.n).toBe(0);
    const tableOwners = await query<{ owner: string }>(db, sql`
      select distinct r.rolname as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_roles r on r.oid = c.relowner
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations'`);
    expect(tableOwners).toEqual([{ owner: 'korevitta_owner' }]);
  });

  it('when views or definer functions exist in app schemas, then views are security_invoker and definers pin search_path (24)', async () => {
    const views = await query<{ name: string; options: string[] | null }>(db, sql`
      select c.relname as name, c.reloptions as options from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'app_ctx') and c.relkind = 'v'`);
    expect(views.filter((v) => !(v.options ?? []).includes('security_invoker=true'))).toEqual([]);
    const definers = await query<{ name: string; config: string[] | null }>(db, sql`
      select p.proname as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'app_ctx') and p.prosecdef`);
    expect(definers.filter((d) => !(d.config ?? []).some((c) => c.startsWith('search_path=')))).toEqual([]);
    const matviews = await query<{ name: string }>(db, sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'm' and has_table_privilege('korevitta_app', c.oid, 'SELECT')`);
    expect(matviews).toEqual([]);
  });

  describe('missing or invalid context fails closed (22)', () => {
    const tenantTables = ['professionals', 'patients', 'users', 'patient_invites', 'auth_sessions', 'idempotency_keys'];

    it.each([
      ['no settings at all', {}],
      ['empty strings', { 'app.professional_id': '', 'app.user_id': '', 'app.role': '' }],
      ['a malformed uuid', { 'app.professional_id': "x' or '1'='1", 'app.user_id': 'not-a-uuid', 'app.role': 'professional' }],
      ['an unknown role', { 'app.professional_id': '00000000-0000-0000-0000-000000000000', 'app.role': 'admin' }],
    ])('when the context has %s, then every tenant table shows zero rows', async (_label, settings) => {
      await seedTenant(db, 2);
      for (const table of tenantTables) {
        const rows = await asAppWithSettings<{ n: number }>(db, settings, sql`select count(*)::int as n from ${sql.identifier(table)}`);
        expect({ table, n: rows[0]?.n }).toEqual({ table, n: 0 });
      }
    });

    it('when a context names a professional without data (e.g. deleted), then it sees none of the others', async () => {
      const other = await seedTenant(db, 2);
      const rows = await asAppWithSettings<{ id: string }>(db, {
        'app.professional_id': '01a2f000-0000-7000-8000-00000000dead', 'app.user_id': '01a2f000-0000-7000-8000-00000000beef', 'app.role': 'professional',
      }, sql`select id from patients`);
      expect(rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([other.patientIds[0]]));
      expect(rows).toEqual([]);
    });
  });
});
