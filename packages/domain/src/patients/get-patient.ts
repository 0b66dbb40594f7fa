import { fail, ok, type Result } from '../shared/result.ts';
import type { PatientRepository } from './ports.ts';
import type { Patient } from './types.ts';

export async function getPatient(deps: { patients: PatientRepository }, input: { patientId: string }): Promise<Result<Patient, 'PATIENT.NOT_FOUND'>> {
  const patient = await deps.patients.findById(input.patientId);
  return patient ? ok(patient) : fail('PATIENT.NOT_FOUND');
}
