import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { pgCode } from '../support/pg-error.ts';
import { seedTenant } from '../support/tenants.ts';

/** TEST-CATALOG 19–21 for brandings, subscriptions, billing_operations and billing_events. */
describe('RLS: branding and billing tables', () => {
  let db: Database;
  let a: TenantContext;
  let b: TenantContext;
  let patientOfA: TenantContext;
  beforeAll(async () => {
    db = await openTestDatabase();
    const ta = await seedTenant(db, 1);
    const tb = await seedTenant(db, 0);
    a = ta.ctx;
    b = tb.ctx;
    patientOfA = { userId: ids.newId(), role: 'patient', professionalId: a.professionalId, patientId: ta.patientIds[0]! };
    // Each practice writes its own branding and operation (the system role may not write either).
    for (const t of [a, b]) {
      await withTenant(db, t, async (tx) => {
        await tx.execute(sql`insert into brandings (professional_id, display_name, primary_color, accent_color, updated_by) values (${t.professionalId}, ${`Brand ${t.professionalId}`}, '#0B7A5A', '#0B7A5A', ${t.userId})`);
        await tx.execute(sql`insert into billing_operations (id, professional_id, kind, params, status, requested_by) values (${ids.newId()}, ${t.professionalId}, 'checkout', '{}', 'pending', ${t.userId})`);
      });
    }
    await withSystemBypass(db, 'test seed', async (tx) => {
      for (const t of [a, b]) await tx.execute(sql`insert into subscriptions (professional_id, plan_code, status) values (${t.professionalId}, 'pro', 'active')`);
      await tx.execute(sql`insert into billing_events (id, provider, provider_event_id, type, occurred_at, payload, received_at) values (${ids.newId()}, 'local', ${`evt_${ids.newId()}`}, 'invoice.paid', now(), '{}', now())`);
    });
  });
  afterAll(async () => { await db.close(); });

  const count = (ctx: TenantContext, table: string) => withTenant(db, ctx, async (tx) =>
    rowsOf<{ n: number; mine: number }>(await tx.execute(sql.raw(`select count(*)::int as n, count(*) filter (where professional_id = '${ctx.professionalId}')::int as mine from ${table}`)))[0]);
  const tryIt = (ctx: TenantContext, q: ReturnType<typeof sql>) => withTenant(db, ctx, (tx) => tx.execute(q)).then(() => 'ok', (e: unknown) => pgCode(e) ?? e);

  it('when each practice reads brandings, subscriptions and billing operations, then it sees only its own row', async () => {
    for (const table of ['brandings', 'subscriptions', 'billing_operations']) {
      expect(await count(a, table)).toEqual({ n: 1, mine: 1 });
      expect(await count(b, table)).toEqual({ n: 1, mine: 1 });
    }
  });

  it('when a patient reads, then it sees its practice’s branding only, and no subscription or billing operation', async () => {
    expect(await count(patientOfA, 'brandings')).toEqual({ n: 1, mine: 1 });
    expect((await count(patientOfA, 'subscriptions'))?.n).toBe(0);
    expect((await count(patientOfA, 'billing_operations'))?.n).toBe(0);
  });

  it('when a practice writes another practice’s branding or operation, then nothing changes or the policy refuses', async () => {
    const updated = await withTenant(db, a, (tx) => tx.execute(sql`update brandings set display_name = 'hijack' where professional_id = ${b.professionalId} returning 1`));
    expect(rowsOf(updated)).toHaveLength(0);
    expect(await tryIt(a, sql`insert into brandings (professional_id, display_name, primary_color, accent_color, updated_by) values (${b.professionalId}, 'x', '#000000', '#000000', ${a.userId})`)).toBe('42501');
    expect(await tryIt(a, sql`insert into billing_operations (id, professional_id, kind, params, status, requested_by) values (${ids.newId()}, ${b.professionalId}, 'portal', '{}', 'pending', ${a.userId})`)).toBe('42501');
  });

  it('when the app role tries to set its own plan or status, then the column grants refuse', async () => {
    expect(await tryIt(a, sql`update subscriptions set plan_code = 'clinic' where professional_id = ${a.professionalId}`)).toBe('42501');
    expect(await tryIt(a, sql`update subscriptions set status = 'active', past_due_since = null where professional_id = ${a.professionalId}`)).toBe('42501');
    expect(await tryIt(b, sql`insert into subscriptions (professional_id, plan_code) values (${b.professionalId}, 'clinic')`)).toBe('42501');
  });

  it('when the app role reads billing events, then it has no access at all (system only)', async () => {
    expect(await tryIt(a, sql`select 1 from billing_events`)).toBe('42501');
  });
});
