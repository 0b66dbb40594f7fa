import type { GrowthError } from '../billing/check-growth.ts';
import { fail, invalid, ok, type Result } from '../shared/result.ts';
import type { FieldProblem } from '../shared/field-problems.ts';
import { localDate } from '../daily/calendar.ts';
import { accessiblePatient } from './access.ts';
import { acceptedUnits, interpret, normalizeUnit, toCanonical, type Biomarker, type BiomarkerCatalog, type BiomarkerRange, type LabFlag } from './biomarkers.ts';
import type { LabDeps, LabPanelRecord, LabPatient, LabValueRecord } from './lab-ports.ts';
import type { ProgressCaller } from './ports.ts';
import { READ_URL_TTL_MS } from './upload-rules.ts';
import { claimUpload, type ReceivedError } from './uploads.ts';

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

type LabError = 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION' | 'UPLOAD.NOT_FOUND' | 'UPLOAD.ALREADY_CONFIRMED' | ReceivedError | GrowthError;

const view = (catalog: BiomarkerCatalog, patient: LabPatient, collectedOn: string) => (v: LabValueRecord): LabValueView => {
  const b = catalog.byCode.get(v.biomarker);
  const { flag, range } = b ? interpret(b, v.value, patient, collectedOn) : { flag: null, range: null as BiomarkerRange | null };
  return { ...v, unit: b?.unit ?? '', flag, referenceLow: range?.low ?? null, referenceHigh: range?.high ?? null };
};

/** Every value's marker and unit must be in the catalog, each marker once; the problems name each bad value. */
function canonicalValues(catalog: BiomarkerCatalog, values: readonly LabValueInput[]): { values: LabValueRecord[] } | { problems: FieldProblem[] } {
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

/**
 * Records a lab panel for a patient (the professional for its own, the patient for itself): values in any
 * accepted unit, stored canonical with the original kept. An exam file, if attached, must be this patient's
 * `lab_exam` upload and pass the same checks as a photo (arrived, within the cap, magic number of the declared
 * type); it is then copied into the `documents` container, which nobody writes again, and the upload blob goes.
 */
export async function recordLabPanel(deps: LabDeps, caller: ProgressCaller, input: LabPanelInput): Promise<Result<LabPanelView, LabError>> {
  const patient = await accessiblePatient(deps.store, caller, input.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (input.collectedOn > localDate(deps.now, patient.timezone)) return invalid({ pointer: '/body/collectedOn', code: 'in_future' });
  const catalog = await deps.catalog.load();
  const checked = canonicalValues(catalog, input.values);
  if ('problems' in checked) return invalid(...checked.problems);
  let exam: { blob: string; contentType: string; uploadId: string } | null = null;
  if (input.examUploadId !== null) {
    if (!deps.blobs) return fail('UPLOAD.NOT_FOUND');
    const claimed = await claimUpload({ store: deps.store, blobs: deps.blobs, entitlements: deps.entitlements, now: deps.now }, { uploadId: input.examUploadId, patientId: patient.id, professionalId: patient.professionalId, purpose: 'lab_exam' });
    if (!claimed.ok) return claimed;
    const upload = claimed.value;
    await deps.blobs.copy({ container: 'uploads', name: upload.blobName }, { container: 'documents', name: upload.blobName });
    exam = { blob: upload.blobName, contentType: upload.contentType, uploadId: upload.id };
  }
  const id = deps.newId();
  const panel: LabPanelRecord = {
    id, patientId: patient.id, collectedOn: input.collectedOn, laboratory: input.laboratory, examBlob: exam?.blob ?? null, documentContentType: exam?.contentType ?? null,
    recordedBy: caller.role, createdAt: deps.now, values: checked.values,
  };
  await deps.store.insertPanel({ ...panel, professionalId: patient.professionalId, uploadId: exam?.uploadId ?? null, recordedBy: { role: caller.role, userId: caller.userId }, catalogVersion: catalog.version });
  await deps.audit.record({ action: 'lab_panel.recorded', entityType: 'lab_panel', entityId: id, changes: { collectedOn: { after: input.collectedOn }, biomarkerCount: { after: checked.values.length } } });
  // The upload blob is removed once the copy is referenced; a failure here leaves it to the 24 h retention.
  if (exam && deps.blobs) await deps.blobs.delete({ container: 'uploads', name: exam.blob });
  return ok(await panelView(deps, catalog, patient, panel));
}

async function panelView(deps: Pick<LabDeps, 'blobs' | 'now'>, catalog: BiomarkerCatalog, patient: LabPatient, p: LabPanelRecord): Promise<LabPanelView> {
  const { values, examBlob, ...rest } = p;
  const expiresAt = new Date(deps.now.getTime() + READ_URL_TTL_MS);
  const signed = examBlob && deps.blobs ? await deps.blobs.readUrl({ container: 'documents', name: examBlob }, { expiresAt }) : null;
  return { ...rest, values: values.map(view(catalog, patient, p.collectedOn)), documentUrl: signed?.url ?? null, documentUrlExpiresAt: signed ? expiresAt : null };
}

export interface LabPanelQuery { patientId: string; from: string | null; to: string | null; after: { collectedOn: string; id: string } | null; limit: number }

/** The patient's panels newest first (`limit + 1` at most: the extra says another page exists), flags for today's sex. */
export async function listLabPanels(deps: LabDeps, caller: ProgressCaller, q: LabPanelQuery): Promise<Result<{ patientId: string; panels: LabPanelView[] }, 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (q.from && q.to && q.from > q.to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  const catalog = await deps.catalog.load();
  const rows = await deps.store.panels({ patientId: patient.id, from: q.from, to: q.to, after: q.after, limit: q.limit + 1 });
  return ok({ patientId: patient.id, panels: await Promise.all(rows.map((p) => panelView(deps, catalog, patient, p))) });
}

export const SERIES_MAX_POINTS = 500;

/** One marker's values oldest first, flagged, with the reference band at each point: a trend chart's data. */
export async function labSeries(deps: LabDeps, caller: ProgressCaller, q: { patientId: string; biomarker: string; from: string | null; to: string | null }):
  Promise<Result<{ patientId: string; series: LabSeriesView }, 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (q.from && q.to && q.from > q.to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  const catalog = await deps.catalog.load();
  const b = catalog.byCode.get(q.biomarker);
  if (!b) return invalid({ pointer: '/query/biomarker', code: 'unknown_biomarker', params: { code: q.biomarker } });
  const rows = await deps.store.series({ patientId: patient.id, biomarker: b.code, from: q.from, to: q.to, limit: SERIES_MAX_POINTS });
  const points = rows.map((r) => {
    const v = view(catalog, patient, r.collectedOn)({ biomarker: b.code, value: r.value, originalValue: r.originalValue, originalUnit: r.originalUnit });
    return { panelId: r.panelId, collectedOn: r.collectedOn, value: v.value, originalValue: v.originalValue, originalUnit: v.originalUnit, flag: v.flag, referenceLow: v.referenceLow, referenceHigh: v.referenceHigh };
  });
  return ok({ patientId: patient.id, series: { biomarker: b, catalogVersion: catalog.version, points } });
}
