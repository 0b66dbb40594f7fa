import { fail, ok, type Result } from '../shared/result.ts';
import type { PatientDeps } from './ports.ts';

/**
 * Soft delete: the row stays (history, audit, LGPD retention) but disappears from every read; open
 * invites stop working. Deleting twice answers 404 the second time (the patient no longer exists).
 */
export async function softDeletePatient(deps: PatientDeps, input: { patientId: string }): Promise<Result<void, 'PATIENT.NOT_FOUND'>> {
  const current = await deps.patients.findForUpdate(input.patientId);
  if (!current) return fail('PATIENT.NOT_FOUND');
  await deps.patients.update({ ...current, deletedAt: deps.now, updatedAt: deps.now, version: current.version + 1 });
  await deps.patients.supersedeOpenInvites(current.id, deps.now);
  await deps.audit.record({ action: 'patient.deleted', entityType: 'patient', entityId: current.id, changes: { deletedAt: { before: null, after: deps.now.toISOString() } } });
  return ok(undefined);
}
