import type { GrowthError } from '../billing/check-growth.ts';
import type { FieldProblem } from '../shared/field-problems.ts';
import { acceptedUnits, interpret, normalizeUnit, toCanonical, type Biomarker, type BiomarkerCatalog, type BiomarkerRange, type LabFlag } from './biomarkers.ts';
import type { LabDeps, LabPanelRecord, LabPatient, LabValueRecord } from './lab-ports.ts';
import { READ_URL_TTL_MS } from './upload-rules.ts';
import { type ReceivedError } from './uploads.ts';

export interface LabValueInput { biomarker: string; value: number; unit: string }

export interface LabPanelInput { patientId: string; collectedOn: string; laboratory: string | null; examUploadId: string | null; values: readonly LabValueInput[] }

/** A value as the API shows it: canonical, as reported, and interpreted for the patient. */
export interface LabValueView extends LabValueRecord {
  unit: string;
  flag: LabFlag | null;
  referenceLow: number | null;
  referenceHigh: number | null;
}

export interface LabPanelView extends Omit<LabPanelRecord, 'values' | 'examBlob'> {
  values: LabValueView[];
  /** Read-only, this file only, until documentUrlExpiresAt. */
  documentUrl: string | null;
  documentUrlExpiresAt: Date | null;
}

export interface LabPointView { panelId: string; collectedOn: string; value: number; originalValue: number; originalUnit: string; flag: LabFlag | null; referenceLow: number | null; referenceHigh: number | null }

export interface LabSeriesView { biomarker: Biomarker; catalogVersion: number; points: LabPointView[] }

export type LabError = 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION' | 'UPLOAD.NOT_FOUND' | 'UPLOAD.ALREADY_CONFIRMED' | ReceivedError | GrowthError;

export const view = (catalog: BiomarkerCatalog, patient: LabPatient, collectedOn: string) => (v: LabValueRecord): LabValueView => {
  const b = catalog.byCode.get(v.biomarker);
  const { flag, range } = b ? interpret(b, v.value, patient, collectedOn) : { flag: null, range: null as BiomarkerRange | null };
  return { ...v, unit: b?.unit ?? '', flag, referenceLow: range?.low ?? null, referenceHigh: range?.high ?? null };
};

/** Every value's marker and unit must be in the catalog, each marker once; the problems name each bad value. */
export function canonicalValues(catalog: BiomarkerCatalog, values: readonly LabValueInput[]): { values: LabValueRecord[] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const out: LabValueRecord[] = [];
  const seen = new Set<string>();
  values.forEach((input, i) => {
    const b = catalog.byCode.get(input.biomarker);
    if (!b) { problems.push({ pointer: `/body/values/${i}/biomarker`, code: 'unknown_biomarker', params: { code: input.biomarker } }); return; }
    if (seen.has(b.code)) { problems.push({ pointer: `/body/values/${i}/biomarker`, code: 'duplicate_values' }); return; }
    seen.add(b.code);
    const value = toCanonical(b, input.value, input.unit);
    if (value === null) { problems.push({ pointer: `/body/values/${i}/unit`, code: 'unknown_unit', params: { code: b.code, units: acceptedUnits(b).join(', ') } }); return; }
    out.push({ biomarker: b.code, value, originalValue: input.value, originalUnit: normalizeUnit(input.unit) });
  });
  return problems.length > 0 ? { problems } : { values: out };
}

export async function panelView(deps: Pick<LabDeps, 'blobs' | 'now'>, catalog: BiomarkerCatalog, patient: LabPatient, p: LabPanelRecord): Promise<LabPanelView> {
  const { values, examBlob, ...rest } = p;
  const expiresAt = new Date(deps.now.getTime() + READ_URL_TTL_MS);
  const signed = examBlob && deps.blobs ? await deps.blobs.readUrl({ container: 'documents', name: examBlob }, { expiresAt }) : null;
  return { ...rest, values: values.map(view(catalog, patient, p.collectedOn)), documentUrl: signed?.url ?? null, documentUrlExpiresAt: signed ? expiresAt : null };
}

export interface LabPanelQuery { patientId: string; from: string | null; to: string | null; after: { collectedOn: string; id: string } | null; limit: number }

export const SERIES_MAX_POINTS = 500;
