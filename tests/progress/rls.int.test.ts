import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
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

describe('row level security of uploads and progress photos', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  const patientCtx = (t: SeededTenant, i: number): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: t.ctx.professionalId, patientId: t.patientIds[i]! });
  const uploadRow = (t: SeededTenant, patient: string | null, id = ids.newId()) => sql`insert into uploads
    (id, professional_id, patient_id, requested_by, purpose, content_type, declared_bytes, blob_name, expires_at)
    values (${id}, ${t.ctx.professionalId}, ${patient}, ${t.ctx.userId}, ${patient ? 'progress_photo' : 'logo'}, ${patient ? 'image/jpeg' : 'image/png'}, 10, ${ids.newId()}, now())`;
  const photoRow = (t: SeededTenant, patient: string, uploadId: string) => sql`insert into progress_photos (id, professional_id, patient_id, upload_id, pose, taken_at)
    values (${ids.newId()}, ${t.ctx.professionalId}, ${patient}, ${uploadId}, 'front', now())`;

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 1);
    await withSystemBypass(db, 'test seed', async (tx) => {
      for (const [t, i] of [[a, 0], [a, 1], [b, 0]] as const) {
        const uploadId = ids.newId();
        await tx.execute(uploadRow(t, t.patientIds[i]!, uploadId));
        await tx.execute(photoRow(t, t.patientIds[i]!, uploadId));
      }
      await tx.execute(uploadRow(a, null));
    });
  });
  afterAll(async () => { await db.close(); });

  it.each(['uploads', 'progress_photos'])('when %s is read, then a professional sees its tenant, a patient only its own rows', async (table) => {
    const n = (ctx: TenantContext) => count(db, ctx, sql`select count(*)::int as n from ${sql.identifier(table)}`);
    expect(await n(a.ctx)).toBe(table === 'uploads' ? 3 : 2);
    expect(await n(b.ctx)).toBe(1);
    expect(await n(patientCtx(a, 0))).toBe(1);
  });

  it("when a tenant or a patient writes another's upload or photo, then refused or no row is touched", async () => {
    expect(await attempt(db, a.ctx, uploadRow(a, b.patientIds[0]!))).toBe('42501');
    expect(await attempt(db, a.ctx, uploadRow(b, b.patientIds[0]!))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), uploadRow(a, a.patientIds[1]!))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), uploadRow(a, null))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), uploadRow(a, a.patientIds[0]!))).toBe('ok');
    await withTenant(db, a.ctx, (tx) => tx.execute(sql`update progress_photos set pose = 'side' where patient_id = ${b.patientIds[0]!}`));
    await withTenant(db, patientCtx(a, 0), (tx) => tx.execute(sql`delete from progress_photos where patient_id = ${a.patientIds[1]!}`));
    expect(await count(db, b.ctx, sql`select count(*)::int as n from progress_photos where pose = 'front'`)).toBe(1);
    expect(await count(db, a.ctx, sql`select count(*)::int as n from progress_photos where patient_id = ${a.patientIds[1]!}`)).toBe(1);
  });
});

describe('row level security of lab panels and the biomarker catalog', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  const patientCtx = (t: SeededTenant, i: number): TenantContext => ({ userId: ids.newId(), role: 'patient', professionalId: t.ctx.professionalId, patientId: t.patientIds[i]! });
  const panelRow = (t: SeededTenant, patient: string, role: 'professional' | 'patient', id = ids.newId()) => sql`insert into lab_panels
    (id, professional_id, patient_id, collected_on, catalog_version, recorded_by_role, recorded_by_user_id)
    values (${id}, ${t.ctx.professionalId}, ${patient}, '2026-11-01', 1, ${role}, ${t.ctx.userId})`;
  const valueRow = (t: SeededTenant, patient: string, panelId: string, code = 'glucose_fasting') => sql`insert into lab_values
    (panel_id, professional_id, patient_id, biomarker_code, collected_on, value, original_value, original_unit)
    values (${panelId}, ${t.ctx.professionalId}, ${patient}, ${code}, '2026-11-01', 90, 90, 'mg/dL')`;
  const panels: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 1);
    await withSystemBypass(db, 'test seed', async (tx) => {
      for (const [t, i, key] of [[a, 0, 'a0'], [a, 1, 'a1'], [b, 0, 'b0']] as const) {
        panels[key] = ids.newId();
        await tx.execute(panelRow(t, t.patientIds[i]!, 'professional', panels[key]));
        await tx.execute(valueRow(t, t.patientIds[i]!, panels[key]!));
      }
    });
  });
  afterAll(async () => { await db.close(); });

  it.each(['lab_panels', 'lab_values'])('when %s is read, then a professional sees its tenant, a patient only its own rows', async (table) => {
    const n = (ctx: TenantContext) => count(db, ctx, sql`select count(*)::int as n from ${sql.identifier(table)}`);
    expect(await n(a.ctx)).toBe(2);
    expect(await n(b.ctx)).toBe(1);
    expect(await n(patientCtx(a, 0))).toBe(1);
  });

  it("when a tenant or a patient writes into another's panel, or as someone else, then refused (42501)", async () => {
    expect(await attempt(db, a.ctx, panelRow(a, a.patientIds[0]!, 'professional'))).toBe('ok');
    expect(await attempt(db, a.ctx, panelRow(a, b.patientIds[0]!, 'professional'))).toBe('42501');
    expect(await attempt(db, a.ctx, panelRow(b, b.patientIds[0]!, 'professional'))).toBe('42501');
    expect(await attempt(db, a.ctx, panelRow(a, a.patientIds[0]!, 'patient'))).toBe('42501');
    expect(await attempt(db, patientCtx(a, 0), panelRow(a, a.patientIds[1]!, 'patient'))).toBe('42501');
    // A value must sit in a panel of the same patient: A cannot hang a value on B's panel, nor move a patient's value to another.
    expect(await attempt(db, a.ctx, valueRow(a, a.patientIds[0]!, panels.b0!, 'tsh'))).toBe('42501');
    expect(await attempt(db, a.ctx, valueRow(a, a.patientIds[1]!, panels.a0!, 'tsh'))).toBe('42501');
    expect(await attempt(db, a.ctx, valueRow(a, a.patientIds[0]!, panels.a0!, 'tsh'))).toBe('ok');
    expect(await attempt(db, a.ctx, sql`update lab_values set value = 1`)).toBe('42501');
    await withTenant(db, a.ctx, (tx) => tx.execute(sql`delete from lab_panels where id = ${panels.b0!}`));
    expect(await count(db, b.ctx, sql`select count(*)::int as n from lab_panels`)).toBe(1);
  });

  it('when the catalog is read, then any signed-in caller sees it, no context sees nothing, and nobody in the app writes it', async () => {
    expect(await count(db, patientCtx(b, 0), sql`select count(*)::int as n from biomarkers`)).toBeGreaterThanOrEqual(40);
    expect(await count(db, a.ctx, sql`select count(*)::int as n from biomarker_ranges`)).toBeGreaterThan(40);
    expect(await attempt(db, a.ctx, sql`insert into biomarker_catalog_versions (version, published_on, note) values (99, now(), 'forged')`)).toBe('42501');
    expect(await attempt(db, a.ctx, sql`update biomarker_ranges set high = 1000`)).toBe('42501');
    const blind = await withSystemBypass(db, 'test: no-context read', async (tx) => {
      await tx.execute(sql`set local role korevitta_app`);
      return tx.execute(sql`select count(*)::int as n from biomarkers`);
    }).then((r) => rowsOf<{ n: number }>(r)[0]?.n, () => -1);
    expect(blind).toBe(0);
  });
});
