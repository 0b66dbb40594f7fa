import { fail, ok, type Result } from '../shared/result.ts';
import type { AuditLogEntry, AuditLogQuery, AuditLogReader, PatientRepository } from './ports.ts';
import type { ListedPatient, Patient, PatientListQuery } from './types.ts';

export async function getPatient(deps: { patients: PatientRepository }, input: { patientId: string }): Promise<Result<Patient, 'PATIENT.NOT_FOUND'>> {
  const patient = await deps.patients.findById(input.patientId);
  return patient ? ok(patient) : fail('PATIENT.NOT_FOUND');
}

/** The CRM list (the adapter runs the keyset query; the domain owns its shape). */
export async function listPatients(deps: { patients: PatientRepository }, query: PatientListQuery): Promise<ListedPatient[]> {
  return deps.patients.list(query);
}

/** The caller's own audit trail, newest first. */
export async function listAuditLog(deps: { auditLog: AuditLogReader }, query: AuditLogQuery): Promise<AuditLogEntry[]> {
  return deps.auditLog.list(query);
}
