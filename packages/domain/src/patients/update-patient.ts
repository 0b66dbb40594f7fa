import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import type { PatientDeps } from './ports.ts';
import { auditedFields, canChangeStatus, checkPatientFields, matchesVersion } from './rules.ts';
import type { ManualStatus, Patient, PatientSex } from './types.ts';

/** A partial edit: an absent field is left alone; `null` clears an optional one. */
export interface PatientPatch {
  name?: string;
  email?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  sex?: PatientSex;
  notes?: string | null;
  timezone?: string;
  status?: ManualStatus;
}

export type UpdatePatientError = 'PATIENT.NOT_FOUND' | 'RESOURCE.PRECONDITION_FAILED' | 'PATIENT.INVALID_TRANSITION' | 'REQUEST.VALIDATION' | GrowthError;

/**
 * Applies a patch under optimistic concurrency: `expectedVersions` (from If-Match) must include the
 * current version, else nothing changes (412). A changed e-mail voids open invites, which were addressed
 * to the old one. Nothing changed → no write, no audit row, same version.
 */
export async function updatePatient(
  deps: PatientDeps,
  input: { patientId: string; patch: PatientPatch; expectedVersions: readonly number[] | null },
): Promise<Result<Patient, UpdatePatientError>> {
  const current = await deps.patients.findForUpdate(input.patientId);
  if (!current) return fail('PATIENT.NOT_FOUND');
  if (!matchesVersion(current.version, input.expectedVersions)) return fail('RESOURCE.PRECONDITION_FAILED', { params: { revision: current.version } });
  const { status, sex, ...rest } = input.patch;
  if (status !== undefined && !canChangeStatus(current.status, status)) {
    return fail('PATIENT.INVALID_TRANSITION', { params: { from: current.status, to: status } });
  }
  const fields = {
    name: rest.name !== undefined ? rest.name.trim() : current.name,
    email: rest.email !== undefined ? rest.email : current.email,
    phone: rest.phone !== undefined ? rest.phone : current.phone,
    birthDate: rest.birthDate !== undefined ? rest.birthDate : current.birthDate,
    notes: rest.notes !== undefined ? rest.notes : current.notes,
    timezone: rest.timezone ?? current.timezone,
  };
  const problem = checkPatientFields(fields, deps.now);
  if (problem) return invalid(problem);
  if (current.status === 'archived' && status !== undefined && status !== 'archived') {
    // Reactivating counts against the plan like a new patient.
    const growth = await checkGrowth(deps, { professionalId: current.professionalId, resource: 'activePatients', adding: 1 });
    if (!growth.ok) return growth;
  }
  const next: Patient = { ...current, ...fields, sex: sex ?? current.sex, status: status ?? current.status };
  const changes = diff(auditedFields(current), auditedFields(next));
  if (Object.keys(changes).length === 0) return ok(current);
  const saved: Patient = { ...next, version: current.version + 1, updatedAt: deps.now };
  await deps.patients.update(saved);
  if (saved.email !== current.email) await deps.patients.supersedeOpenInvites(saved.id, deps.now);
  await deps.audit.record({ action: 'patient.updated', entityType: 'patient', entityId: saved.id, changes });
  return ok(saved);
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const key of Object.keys(after)) if (before[key] !== after[key]) out[key] = { before: before[key], after: after[key] };
  return out;
}
