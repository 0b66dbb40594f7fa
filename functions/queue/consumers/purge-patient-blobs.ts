import * as v from 'valibot';
import { PURGE_PATIENT_BLOBS } from '@korevitta/domain';
import { defineConsumer, PURGE_PATIENT_BLOBS_CONSUMER, runPurgePatientBlobs } from '@korevitta/platform';

/**
 * `compliance.purge_patient_blobs` v1 (bulk) → deletes every stored file of an anonymised patient (photo sizes,
 * uploads, exam documents). Appended by the anonymisation's own transaction, so it runs only after that committed;
 * idempotent (a redelivery deletes what is left, usually nothing).
 */
export default defineConsumer({
  type: PURGE_PATIENT_BLOBS,
  version: 1,
  consumer: PURGE_PATIENT_BLOBS_CONSUMER,
  payload: v.strictObject({ professionalId: v.pipe(v.string(), v.uuid()), patientId: v.pipe(v.string(), v.uuid()) }),
  handle: async (payload, { rt, log }) => {
    const deleted = await runPurgePatientBlobs(rt, payload);
    log.info('compliance.patient_blobs_purged', { deleted });
  },
});
