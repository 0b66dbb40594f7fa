import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { requestRiskRecalculation, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';
import { pgCode } from '../support/pg-error.ts';
import { seedRiskTenant } from './support.ts';

/** TEST-CATALOG 21 for risk_recalc_requests: a tenant inserts and sees only its own rows, a patient only its own. */
describe('RLS: risk_recalc_requests', () => {
  let db: Database;
  let proA: TenantContext;
  let proB: TenantContext;
  let pat1: TenantContext;
  let a: { professionalId: string; patientIds: string[] };
  let b: { professionalId: string; patientIds: string[] };
  const now = new Date();

  beforeAll(async () => {
    db = await openTestDatabase();
    const ta = await seedRiskTenant(db, { patients: 3 });
    const tb = await seedRiskTenant(db, { patients: 1 });
    a = ta;
    b = tb;
    proA = { userId: ta.userId, role: 'professional', professionalId: ta.professionalId, patientId: null };
    proB = { userId: tb.userId, role: 'professional', professionalId: tb.professionalId, patientId: null };
    pat1 = { userId: ta.patientIds[0]!, role: 'patient', professionalId: ta.professionalId, patientId: ta.patientIds[0]! };
  });
  afterAll(async () => { await db.close(); });

  const ask = (ctx: TenantContext, patientId: string, professionalId: string) =>
    withTenant(db, ctx, (tx) => requestRiskRecalculation(tx, { items: [{ patientId, professionalId }], reason: 'nightly', now, correlationId: null })).catch((e: unknown) => pgCode(e) ?? e);
  const visible = (ctx: TenantContext) => withTenant(db, ctx, async (tx) =>
    rowsOf<{ patient_id: string }>(await tx.execute(sql`select patient_id from risk_recalc_requests order by patient_id`)).map((r) => r.patient_id));

  it('when a professional asks for its own patients, then the rows are written; for another tenant\'s patient, under either tenant id, the policy refuses', async () => {
    expect(await ask(proA, a.patientIds[1]!, a.professionalId)).toBe(1);
    expect(await ask(proA, b.patientIds[0]!, a.professionalId)).toBe('42501');
    expect(await ask(proA, b.patientIds[0]!, b.professionalId)).toBe('42501');
    expect(await ask(proB, a.patientIds[2]!, b.professionalId)).toBe('42501');
  });

  it('when a patient asks, then only for itself', async () => {
    expect(await ask(pat1, a.patientIds[0]!, a.professionalId)).toBe(1);
    expect(await ask(pat1, a.patientIds[2]!, a.professionalId)).toBe('42501');
  });

  it('when each reads the table, then the professional sees its tenant\'s rows, the patient its own, the other tenant none', async () => {
    await withSystemBypass(db, 'test seed', (tx) => tx.execute(sql`insert into risk_recalc_requests (patient_id, professional_id, reason, requested_at)
      values (${b.patientIds[0]!}, ${b.professionalId}, 'nightly', now()) on conflict do nothing`));
    expect(await visible(proA)).toEqual([a.patientIds[0]!, a.patientIds[1]!].sort());
    expect(await visible(pat1)).toEqual([a.patientIds[0]!]);
    expect(await visible(proB)).toEqual([b.patientIds[0]!]);
  });

  it('when the app tries to delete a request, then the grant refuses (only the consumer, as system, deletes)', async () => {
    const r = await withTenant(db, proA, (tx) => tx.execute(sql`delete from risk_recalc_requests`)).catch((e: unknown) => pgCode(e));
    expect(r).toBe('42501');
  });

  it('when the catalog is read, then RLS is enabled and forced and the app policies compare the role inside their initPlan', async () => {
    const [t] = await withSystemBypass(db, 'test read', async (tx) => rowsOf<{ enabled: boolean; forced: boolean }>(await tx.execute(sql`
      select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where relname = 'risk_recalc_requests'`)));
    expect(t).toEqual({ enabled: true, forced: true });
    const policies = await withSystemBypass(db, 'test read', async (tx) => rowsOf<{ policyname: string; qual: string }>(await tx.execute(sql`
      select policyname, qual from pg_policies where tablename = 'risk_recalc_requests' and 'korevitta_app' = any(roles)`)));
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(p.qual).toMatch(/\( SELECT \(app_ctx\.role\(\) = '(professional|patient)'::text\)\)/);
  });
});
