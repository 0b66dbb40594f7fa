import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';
import { attemptAsTenant, countAsTenant } from '../support/tenant-sql.ts';

const attempt = attemptAsTenant;
const count = countAsTenant;

/** TEST-CATALOG 21 for the progress tables (issue 10): tenant and patient isolation enforced by the database. */
describe('row level security of the progress tables', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  const patientCtx = (t: SeededTenant, i: number): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: t.ctx.professionalId, patientId: t.patientIds[i]! });
  const insertMeasurement = (t: SeededTenant, i: number, role: 'professional' | 'patient') => sql`insert into body_measurements
    (id, professional_id, patient_id, measured_on, weight_kg, recorded_by_role, recorded_by_user_id)
    values (${ids.newId()}, ${t.ctx.professionalId}, ${t.patientIds[i]!}, '2026-11-01', 70, ${role}, ${t.ctx.userId})`;

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 1);
    await withSystemBypass(db, 'test seed', async (tx) => {
      await tx.execute(insertMeasurement(a, 0, 'professional'));
      await tx.execute(insertMeasurement(a, 1, 'professional'));
      await tx.execute(insertMeasurement(b, 0, 'professional'));
    });
  });
  afterAll(async () => { await db.close(); });

  it('when professional A reads body_measurements, then only tenant A rows; a patient only its own', async () => {
    expect(await count(db, a.ctx, sql`select count(*)::int as n from body_measurements`)).toBe(2);
    expect(await count(db, b.ctx, sql`select count(*)::int as n from body_measurements`)).toBe(1);
    expect(await count(db, patientCtx(a, 0), sql`select count(*)::int as n from body_measurements`)).toBe(1);
  });

  it('when a tenant writes for another tenant or another patient, or as someone else, then refused (42501)', async () => {
    expect(await attempt(db, a.ctx, insertMeasurement(a, 0, 'professional'))).toBe('ok');
    expect(await attempt(db, a.ctx, insertMeasurement(b, 0, 'professional'))).toBe('42501');
    expect(await attempt(db, a.ctx, insertMeasurement(a, 0, 'patient'))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), insertMeasurement(a, 0, 'patient'))).toBe('ok');
    expect(await attempt(db, patientCtx(a, 0), insertMeasurement(a, 1, 'patient'))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), insertMeasurement(a, 0, 'professional'))).toBe('42501');
  });

  it('when the app updates a measurement, then it has no privilege; deletes reach only its own tenant', async () => {
    expect(await attempt(db, a.ctx, sql`update body_measurements set weight_kg = 1`)).toBe('42501');
    await withTenant(db, a.ctx, (tx) => tx.execute(sql`delete from body_measurements where patient_id = ${b.patientIds[0]!}`));
    expect(await count(db, b.ctx, sql`select count(*)::int as n from body_measurements`)).toBe(1);
    await withTenant(db, patientCtx(a, 0), (tx) => tx.execute(sql`delete from body_measurements`));
    expect(await count(db, a.ctx, sql`select count(*)::int as n from body_measurements where patient_id = ${a.patientIds[0]!}`)).toBeGreaterThan(0);
  });
});
