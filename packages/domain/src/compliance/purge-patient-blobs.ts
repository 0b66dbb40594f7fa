import { BLOB_CONTAINERS, type BlobStore } from '../progress/blob-port.ts';

/**
 * Bulk-queue event appended by the anonymisation in its own transaction (so it exists exactly when the
 * anonymisation committed): delete every stored file of the patient, photos and exams alike.
 */
export const PURGE_PATIENT_BLOBS = 'compliance.purge_patient_blobs';
export interface PurgePatientBlobsV1 { professionalId: string; patientId: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every blob of a patient is named `{professionalId}/{patientId}/…` (uploads, photo sizes, exam documents). */
export function patientBlobPrefix(p: PurgePatientBlobsV1): string {
  if (!UUID.test(p.professionalId) || !UUID.test(p.patientId)) throw new Error('patient blob prefix needs two ids');
  return `${p.professionalId}/${p.patientId}/`;
}

/**
 * Deletes the patient's folder in every container. Idempotent (a redelivery finds nothing left and deletes 0), and
 * it does not depend on the rows that named the files: they are gone or overwritten by then.
 */
export async function purgePatientBlobs(deps: { blobs: BlobStore }, p: PurgePatientBlobsV1): Promise<number> {
  const prefix = patientBlobPrefix(p);
  let deleted = 0;
  for (const container of BLOB_CONTAINERS) deleted += await deps.blobs.deleteUnder(container, prefix);
  return deleted;
}
