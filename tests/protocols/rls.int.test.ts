import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { affectedRows, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';
import { pgCode } from '../support/pg-error.ts';

const CONTENT = JSON.stringify({ hydration: { dailyGoalMl: 2000 } });

/** TEST-CATALOG 21 for protocols, protocol_versions and protocol_templates; plus version immutability. */
describe('protocol tables: RLS per table and command, and immutable versions', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  const rows = { aDraft: ids.newId(), aActive: ids.newId(), bProtocol: ids.newId(), aTemplate: ids.newId(), bTemplate: ids.newId() };
  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 1);
    await withSystemBypass(db, 'test seed: protocols', async (tx) => {
      const insert = (id: string, t: SeededTenant, patientId: string | undefined, status: string, version: number) => tx.execute(sql`
        insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
        values (${id}, ${t.ctx.professionalId}, ${patientId}, 'P', ${status}, ${CONTENT}::jsonb, ${version}, ${status === 'active' ? sql`now()` : null})`);
      await insert(rows.aDraft, a, a.patientIds[0], 'draft', 0);
      await insert(rows.aActive, a, a.patientIds[0], 'active', 1);
      await insert(rows.bProtocol, b, b.patientIds[0], 'active', 1);
      for (const [pid, t] of [[rows.aActive, a], [rows.bProtocol, b]] as const) {
        await tx.execute(sql`insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by)
          values (${ids.newId()}, ${t.ctx.professionalId}, ${pid}, 1, ${CONTENT}::jsonb, ${t.ctx.userId})`);
      }
      for (const [tid, t] of [[rows.aTemplate, a], [rows.bTemplate, b]] as const) {
        await tx.execute(sql`insert into protocol_templates (id, professional_id, name, content) values (${tid}, ${t.ctx.professionalId}, 'T', ${CONTENT}::jsonb)`);
      }
    });
  });
  afterAll(async () => { await db.close(); });

  const asA = <T>(fn: (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<T>) => withTenant(db, a.ctx, fn);
  const patientCtx = (t: SeededTenant, patientId: string): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: t.ctx.professionalId, patientId });
  const professionalIds = async (table: string, ctx: TenantContext) =>
    withTenant(db, ctx, async (tx) => rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from ${sql.identifier(table)}`)).map((r) => r.professional_id));

  it.each(['protocols', 'protocol_versions', 'protocol_templates'])('when A selects %s, then only A’s rows are visible', async (table) => {
    const seen = await professionalIds(table, a.ctx);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.every((p) => p === a.ctx.professionalId)).toBe(true);
  });

  it.each([
    ['protocols', () => sql`insert into protocols (id, professional_id, patient_id, name, content) values (${ids.newId()}, ${b.ctx.professionalId}, ${b.patientIds[0]}, 'x', ${CONTENT}::jsonb)`],
    ['protocols (own tenant id, B’s patient)', () => sql`insert into protocols (id, professional_id, patient_id, name, content) values (${ids.newId()}, ${a.ctx.professionalId}, ${b.patientIds[0]}, 'x', ${CONTENT}::jsonb)`],
    ['protocol_versions', () => sql`insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by) values (${ids.newId()}, ${b.ctx.professionalId}, ${rows.bProtocol}, 2, ${CONTENT}::jsonb, ${a.ctx.userId})`],
    ['protocol_templates', () => sql`insert into protocol_templates (id, professional_id, name, content) values (${ids.newId()}, ${b.ctx.professionalId}, 'x', ${CONTENT}::jsonb)`],
  ])('when A inserts into %s for B, then WITH CHECK refuses it (42501)', async (_t, query) => {
    await expect(asA((tx) => tx.execute(query()))).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it.each([
    ['protocols', () => sql`update protocols set professional_id = ${b.ctx.professionalId} where id = ${rows.aDraft}`],
    ['protocol_templates', () => sql`update protocol_templates set professional_id = ${b.ctx.professionalId} where id = ${rows.aTemplate}`],
  ])('when A moves its %s row to B, then the update is refused (42501)', async (_t, query) => {
    await expect(asA((tx) => tx.execute(query()))).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when A updates B’s protocols and templates, then zero rows are affected', async () => {
    expect(affectedRows(await asA((tx) => tx.execute(sql`update protocols set name = 'hacked' where id = ${rows.bProtocol}`)))).toBe(0);
    expect(affectedRows(await asA((tx) => tx.execute(sql`update protocol_templates set name = 'hacked' where id = ${rows.bTemplate}`)))).toBe(0);
    const names = await withSystemBypass(db, 'test: check', async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`
      select name from protocols where id = ${rows.bProtocol} union all select name from protocol_templates where id = ${rows.bTemplate}`)));
    expect(names.map((n) => n.name)).toEqual(['P', 'T']);
  });

  it('when the app role deletes a protocol or a template, then it has no grant (42501)', async () => {
    await expect(asA((tx) => tx.execute(sql`delete from protocols where id = ${rows.aDraft}`))).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
    await expect(asA((tx) => tx.execute(sql`delete from protocol_templates where id = ${rows.aTemplate}`))).rejects.toSatisfy((e: unknown) => pgCode(e) === '42501');
  });

  it('when a patient reads, then it sees only its own active protocol and its versions, never drafts, templates or other patients', async () => {
    const own = patientCtx(a, a.patientIds[0] ?? '');
    const seen = await withTenant(db, own, async (tx) => ({
      protocols: rowsOf<{ id: string }>(await tx.execute(sql`select id from protocols`)).map((r) => r.id),
      versions: rowsOf<{ protocol_id: string }>(await tx.execute(sql`select protocol_id from protocol_versions`)).map((r) => r.protocol_id),
      templates: rowsOf(await tx.execute(sql`select id from protocol_templates`)).length,
    }));
    expect(seen).toEqual({ protocols: [rows.aActive], versions: [rows.aActive], templates: 0 });
    const sibling = await withTenant(db, patientCtx(a, a.patientIds[1] ?? ''), async (tx) => rowsOf(await tx.execute(sql`select id from protocols`)).length);
    expect(sibling).toBe(0);
    const update = await withTenant(db, own, (tx) => tx.execute(sql`update protocols set name = 'x' where id = ${rows.aActive}`));
    expect(affectedRows(update)).toBe(0);
  });

  it.each([
    ['the app role', (q: ReturnType<typeof sql>) => withTenant(db, a.ctx, (tx) => tx.execute(q))],
    ['the system role', (q: ReturnType<typeof sql>) => withSystemBypass(db, 'test: tamper with a version', (tx) => tx.execute(q))],
    // The connecting login bypasses RLS (superuser in tests): only the trigger stands in the way.
    ['the migration login (trigger)', (q: ReturnType<typeof sql>) => db.orm.transaction((tx) => tx.execute(q))],
  ])('when %s updates or deletes a protocol version, then it fails and the snapshot is unchanged', async (_who, run) => {
    await expect(run(sql`update protocol_versions set content = '{"hydration":{"dailyGoalMl":9999}}'::jsonb where protocol_id = ${rows.aActive}`)).rejects.toSatisfy((e: unknown) => ['42501', '23001'].includes(pgCode(e) ?? ''));
    await expect(run(sql`delete from protocol_versions where protocol_id = ${rows.aActive}`)).rejects.toSatisfy((e: unknown) => ['42501', '23001'].includes(pgCode(e) ?? ''));
    const left = await withSystemBypass(db, 'test: check', async (tx) => rowsOf<{ content: unknown }>(await tx.execute(sql`select content from protocol_versions where protocol_id = ${rows.aActive}`)));
    expect(left).toEqual([{ content: { hydration: { dailyGoalMl: 2000 } } }]);
  });

  it('when a login that bypasses RLS updates, deletes or truncates versions, then the trigger refuses it (23001)', async () => {
    for (const q of [
      sql`update protocol_versions set version = version where protocol_id = ${rows.aActive}`,
      sql`delete from protocol_versions where protocol_id = ${rows.aActive}`,
      sql`truncate protocol_versions`,
    ]) {
      const err = await db.orm.transaction((tx) => tx.execute(q)).catch((e: unknown) => e);
      expect(pgCode(err)).toBe('23001');
    }
  });

  it('when a second active protocol is written for the same patient, even by the system role, then the unique index refuses it', async () => {
    const attempt = withSystemBypass(db, 'test: second active', (tx) => tx.execute(sql`
      insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
      values (${ids.newId()}, ${a.ctx.professionalId}, ${a.patientIds[0]}, 'P', 'active', ${CONTENT}::jsonb, 1, now())`));
    await expect(attempt).rejects.toSatisfy((e: unknown) => pgCode(e) === '23505');
  });

  it('when the protocols policy is replaced by USING (true), then A’s read leaks B’s rows (mutation check)', async () => {
    const seen = await db.orm.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'korevitta_owner', true)`);
      await tx.execute(sql`drop policy protocols_professional on protocols`);
      await tx.execute(sql`create policy mutant on protocols for all to korevitta_app using (true)`);
      await tx.execute(sql`select set_config('role', 'korevitta_app', true), set_config('app.professional_id', ${a.ctx.professionalId}, true), set_config('app.role', 'professional', true)`);
      const leaked = rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from protocols`));
      throw Object.assign(new Error('roll back the mutant policy'), { leaked });
    }).catch((e: { leaked?: { professional_id: string }[] }) => e.leaked ?? []);
    expect(seen.some((r) => r.professional_id === b.ctx.professionalId)).toBe(true);
    expect((await professionalIds('protocols', a.ctx)).every((p) => p === a.ctx.professionalId)).toBe(true);
  });
});
