import { fail, invalid, ok, type Result } from '../shared/result.ts';

export interface AnonymizationTarget { id: string; anonymizedAt: Date | null }

/**
 * The anonymisation's two sides: `find` is the tenant check (as the caller, under RLS); `apply` overwrites every
 * identifier of the patient in one transaction (SUBJECT_DATA), disables its login, revokes its sessions and
 * audits the act without the removed values. `apply` returns false when the patient was anonymised meanwhile.
 */
export interface PatientAnonymizer {
  find(patientId: string): Promise<AnonymizationTarget | null>;
  apply(input: { patientId: string; now: Date }): Promise<boolean>;
}

/**
 * POST /v1/patients/{id}/anonymize (LGPD Art. 16, 18 IV): irreversible, so the body must repeat the patient's id
 * (`confirmPatientId`): a mistyped path or a replayed request for another patient does nothing.
 */
export async function anonymizePatient(
  deps: { anonymizer: PatientAnonymizer; now: Date },
  input: { patientId: string; confirmPatientId: string },
): Promise<Result<{ patientId: string; anonymizedAt: Date }, 'PATIENT.NOT_FOUND' | 'PATIENT.ALREADY_ANONYMIZED' | 'REQUEST.VALIDATION'>> {
  if (input.confirmPatientId !== input.patientId) return invalid({ pointer: '/body/confirmPatientId', code: 'confirmation_mismatch' });
  const target = await deps.anonymizer.find(input.patientId);
  if (!target) return fail('PATIENT.NOT_FOUND');
  if (target.anonymizedAt) return fail('PATIENT.ALREADY_ANONYMIZED');
  if (!(await deps.anonymizer.apply({ patientId: input.patientId, now: deps.now }))) return fail('PATIENT.ALREADY_ANONYMIZED');
  return ok({ patientId: input.patientId, anonymizedAt: deps.now });
}
