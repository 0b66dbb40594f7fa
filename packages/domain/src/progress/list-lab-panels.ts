import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { LabDeps } from './lab-ports.ts';
import type { ProgressCaller } from './ports.ts';
import { type LabPanelQuery, type LabPanelView, panelView } from './lab-results.ts';

/** The patient's panels newest first (`limit + 1` at most: the extra says another page exists), flags for today's sex. */
export async function listLabPanels(deps: LabDeps, caller: ProgressCaller, q: LabPanelQuery): Promise<Result<{ patientId: string; panels: LabPanelView[] }, 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (q.from && q.to && q.from > q.to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  const catalog = await deps.catalog.load();
  const rows = await deps.store.panels({ patientId: patient.id, from: q.from, to: q.to, after: q.after, limit: q.limit + 1 });
  return ok({ patientId: patient.id, panels: await Promise.all(rows.map((p) => panelView(deps, catalog, patient, p))) });
}
