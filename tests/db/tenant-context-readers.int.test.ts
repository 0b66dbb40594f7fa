import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';
import { asAppWithSettings, seedTenant, type SeededTenant } from '../support/tenants.ts';

/**
 * Migration 0093 (issue 9): the tenant-context readers behind every RLS policy are inlined by the planner (no
 * function call per statement), still fail closed, and cannot be redirected by the caller's search_path.
 */
describe('tenant-context readers (app_ctx)', () => {
  let db: Database;
  let tenant: SeededTenant;
  beforeAll(async () => {
    db = await openTestDatabase();
    tenant = await seedTenant(db, 2);
  });
  afterAll(async () => { await db.close(); });

  const settingsOf = (t: SeededTenant) => ({
    'app.user_id': t.ctx.userId, 'app.role': t.ctx.role, 'app.professional_id': t.ctx.professionalId, 'app.patient_id': '',
  });

  it('when a policy-bound query is planned, then the readers are inlined into it (no app_ctx call left in the plan)', async () => {
    const plan = await asAppWithSettings<{ 'QUERY PLAN': string }>(db, settingsOf(tenant), sql`explain (verbose, costs off) select id from patients`);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('current_setting(\'app.professional_id\'::text, true)');
    expect(text).not.toMatch(/app_ctx\./);
  });

  it('when the settings are missing, empty or malformed, then the readers read NULL and the tenant sees no row', async () => {
    const visible = await asAppWithSettings<{ n: number }>(db, settingsOf(tenant), sql`select count(*)::int as n from patients`);
    expect(visible[0]?.n).toBe(2);
    for (const bad of ['', 'not-a-uuid', `${tenant.ctx.professionalId}x`, `'${tenant.ctx.professionalId}'`]) {
      const rows = await asAppWithSettings<{ n: number; pro: string | null; role: string | null }>(db, { ...settingsOf(tenant), 'app.professional_id': bad, 'app.role': bad },
        sql`select (select count(*)::int from patients) as n, app_ctx.professional_id()::text as pro, app_ctx.role() as role`);
      expect(rows).toEqual([{ n: 0, pro: null, role: null }]);
    }
    const none = await asAppWithSettings<{ user: string | null; patient: string | null }>(db, {}, sql`select app_ctx.user_id()::text as user, app_ctx.patient_id()::text as patient`);
    expect(none).toEqual([{ user: null, patient: null }]);
  });

  it('when the caller puts a schema with its own current_setting first on the search_path, then the readers still read the real setting', async () => {
    const rows = await db.orm.transaction(async (tx) => {
      await tx.execute(sql`create schema hostile_ctx`);
      await tx.execute(sql.raw(`create function hostile_ctx.current_setting(text, boolean) returns text language sql as $$ select '00000000-0000-0000-0000-000000000001' $$`));
      await tx.execute(sql.raw(`create function hostile_ctx.uuid_setting(text) returns uuid language sql as $$ select '00000000-0000-0000-0000-000000000001'::uuid $$`));
      await tx.execute(sql`grant usage on schema hostile_ctx to korevitta_app`);
      await tx.execute(sql`grant execute on all functions in schema hostile_ctx to korevitta_app`);
      await tx.execute(sql`select set_config('search_path', 'hostile_ctx, app_ctx, pg_catalog, public', true)`);
      await tx.execute(sql`select set_config('role', 'korevitta_app', true)`);
      for (const [k, v] of Object.entries(settingsOf(tenant))) await tx.execute(sql`select set_config(${k}, ${v}, true)`);
      const read = rowsOf<{ pro: string; n: number }>(await tx.execute(sql`select app_ctx.professional_id()::text as pro, (select count(*)::int from public.patients) as n`));
      await tx.execute(sql`reset role`);
      await tx.execute(sql`drop schema hostile_ctx cascade`);
      return read;
    });
    expect(rows).toEqual([{ pro: tenant.ctx.professionalId, n: 2 }]);
  });
});
