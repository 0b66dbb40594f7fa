import { createPatientAnonymizer, createPatientRepository, withTenant } from '@korevitta/db';
import { anonymizePatient, getPatient, purgePatientBlobs, type PurgePatientBlobsV1 } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { blobsOf } from './progress-deps.ts';

/**
 * POST /v1/patients/{id}/anonymize: the tenant check and the anonymisation (its own system transaction, see
 * createPatientAnonymizer), then the patient as it now reads, for the response.
 */
export async function anonymizePatientFor(rt: Runtime, auth: AuthContext, requestId: string, input: { patientId: string; confirmPatientId: string }) {
  const anonymizer = createPatientAnonymizer(rt.db, { tenant: tenantOf(auth), actor: { userId: auth.userId, role: auth.role }, requestId });
  const done = await anonymizePatient({ anonymizer, now: rt.clock.now() }, input);
  if (!done.ok) return done;
  return withTenant(rt.db, tenantOf(auth), (tx) => getPatient({ patients: createPatientRepository(tx) }, { patientId: input.patientId }));
}

/** The consumer name of `compliance.purge_patient_blobs` (bulk queue). */
export const PURGE_PATIENT_BLOBS_CONSUMER = 'purge-patient-blobs';

/** The anonymised patient's files, from every container (no database work: the rows went in the anonymisation). */
export const runPurgePatientBlobs = (rt: Runtime, payload: PurgePatientBlobsV1): Promise<number> => purgePatientBlobs({ blobs: blobsOf(rt) }, payload);
