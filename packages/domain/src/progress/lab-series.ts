import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { LabDeps } from './lab-ports.ts';
import type { ProgressCaller } from './ports.ts';
import { type LabSeriesView, SERIES_MAX_POINTS, view } from './lab-results.ts';

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
