import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { buildCatalog, type Biomarker, type BiomarkerCatalog, type BiomarkerCategory, type LabPanelRecord, type LabStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { biomarkerRanges, biomarkers, biomarkerUnits, labPanels, labValues, patients } from '../schema/index.ts';
import { createUploadStore } from './upload-store.ts';

/** The whole catalog (three small reads: 45 markers, their units and ranges); callers cache it per process. */
export async function loadBiomarkerCatalog(tx: Tx): Promise<BiomarkerCatalog> {
  const markers = await tx.select().from(biomarkers).orderBy(asc(biomarkers.sortOrder));
  const units = await tx.select().from(biomarkerUnits).orderBy(asc(biomarkerUnits.biomarkerCode), asc(biomarkerUnits.unit));
  const ranges = await tx.select().from(biomarkerRanges)
    .orderBy(asc(biomarkerRanges.biomarkerCode), asc(biomarkerRanges.catalogVersion), asc(biomarkerRanges.sex), asc(biomarkerRanges.ageFromYears));
  return buildCatalog(markers.map((m): Biomarker => ({
    code: m.code, catalogVersion: m.catalogVersion, loinc: m.loinc, namePt: m.namePt, nameEn: m.nameEn, category: m.category as BiomarkerCategory,
    unit: m.unit, decimals: m.decimals,
    units: units.filter((u) => u.biomarkerCode === m.code).map((u) => ({ unit: u.unit, numerator: u.factorNumerator, denominator: u.factorDenominator, offset: u.offsetValue })),
    ranges: ranges.filter((r) => r.biomarkerCode === m.code).map((r) => ({
      catalogVersion: r.catalogVersion, sex: r.sex, ageFromYears: r.ageFromYears, ageToYears: r.ageToYears,
      low: r.low, high: r.high, criticalLow: r.criticalLow, criticalHigh: r.criticalHigh, source: r.source,
    })),
  })));
}

const panelColumns = {
  id: labPanels.id, patientId: labPanels.patientId, collectedOn: labPanels.collectedOn, laboratory: labPanels.laboratory, examBlob: labPanels.examBlob,
  documentContentType: labPanels.examContentType, recordedBy: labPanels.recordedByRole, createdAt: labPanels.createdAt,
};

/** Lab panels through the caller's RLS: another tenant's patient or rows are simply absent. */
export function createLabStore(tx: Tx): LabStore {
  const uploads = createUploadStore(tx);
  return {
    async patient(patientId) {
      const [row] = await tx.select({ id: patients.id, professionalId: patients.professionalId, timezone: patients.timezone, sex: patients.sex, birthDate: patients.birthDate })
        .from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return row ?? null;
    },
    upload: uploads.upload,
    markUpload: uploads.markUpload,
    async insertPanel(p) {
      await tx.insert(labPanels).values({
        id: p.id, professionalId: p.professionalId, patientId: p.patientId, collectedOn: p.collectedOn, laboratory: p.laboratory, uploadId: p.uploadId,
        examBlob: p.examBlob, examContentType: p.documentContentType, catalogVersion: p.catalogVersion, recordedByRole: p.recordedBy.role,
        recordedByUserId: p.recordedBy.userId, createdAt: p.createdAt, updatedAt: p.createdAt,
      });
      if (p.values.length === 0) return;
      await tx.insert(labValues).values(p.values.map((v) => ({
        panelId: p.id, professionalId: p.professionalId, patientId: p.patientId, biomarkerCode: v.biomarker, collectedOn: p.collectedOn,
        value: v.value, originalValue: v.originalValue, originalUnit: v.originalUnit,
      })));
    },
    async panels(q) {
      const where: (SQL | undefined)[] = [eq(labPanels.patientId, q.patientId)];
      if (q.from) where.push(gte(labPanels.collectedOn, q.from));
      if (q.to) where.push(lte(labPanels.collectedOn, q.to));
      if (q.after) where.push(or(lt(labPanels.collectedOn, q.after.collectedOn), and(eq(labPanels.collectedOn, q.after.collectedOn), lt(labPanels.id, q.after.id))));
      const rows = await tx.select(panelColumns).from(labPanels).where(and(...where)).orderBy(desc(labPanels.collectedOn), desc(labPanels.id)).limit(q.limit);
      if (rows.length === 0) return [];
      const values = await tx.select({ panelId: labValues.panelId, biomarker: labValues.biomarkerCode, value: labValues.value, originalValue: labValues.originalValue, originalUnit: labValues.originalUnit })
        .from(labValues).where(and(eq(labValues.patientId, q.patientId), inArray(labValues.panelId, rows.map((r) => r.id))));
      return rows.map((r): LabPanelRecord => ({
        ...r,
        values: values.filter((v) => v.panelId === r.id).map(({ panelId: _panel, ...v }) => v),
      }));
    },
    async series(q) {
      const where: (SQL | undefined)[] = [eq(labValues.patientId, q.patientId), eq(labValues.biomarkerCode, q.biomarker)];
      if (q.from) where.push(gte(labValues.collectedOn, q.from));
      if (q.to) where.push(lte(labValues.collectedOn, q.to));
      return tx.select({ panelId: labValues.panelId, collectedOn: labValues.collectedOn, value: labValues.value, originalValue: labValues.originalValue, originalUnit: labValues.originalUnit })
        .from(labValues).where(and(...where)).orderBy(asc(labValues.collectedOn), asc(labValues.panelId)).limit(q.limit);
    },
  };
}
