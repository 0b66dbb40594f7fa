import { fail, ok, type Result } from '../shared/result.ts';
import type { PatientDeps } from './ports.ts';
import { matchesVersion } from './rules.ts';

/**
 * Soft delete: the row stays (history, audit, LGPD retention) but disappears from every read; open
 * invites stop working. Deleting twice answers 404 the second time (the patient no longer exists).
 */
export async function softDeletePatient(deps: PatientDeps, input: { patientId: string; expectedVersions?: readonly number[] | null }): Promise<Result<void, 'PATIENT.NOT_FOUND' | 'RESOURCE.PRECONDITION_FAILED'>> {
  const current = await deps.patients.findForUpdate(input.patientId);
  if (!current) return fail('PATIENT.NOT_FOUND');
  if (!matchesVersion(current.version, input.expectedVersions ?? null)) return fail('RESOURCE.PRECONDITION_FAILED', { params: { revision: current.version } });
  await deps.patients.update({ ...current, deletedAt: deps.now, updatedAt: deps.now, version: current.version + 1 });
  await deps.patients.supersedeOpenInvites(current.id, deps.now);
  await deps.audit.record({ action: 'patient.deleted', entityType: 'patient', entityId: current.id, changes: { deletedAt: { before: null, after: deps.now.toISOString() } } });
  return ok(undefined);
}
