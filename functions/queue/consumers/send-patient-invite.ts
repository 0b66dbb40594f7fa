import * as v from 'valibot';
import { PATIENT_INVITE_REQUESTED } from '@korevitta/domain';
import { defineConsumer, sendPatientInvite, SEND_PATIENT_INVITE_CONSUMER } from '@korevitta/platform';

/** `patients.invite_requested` v1 → one invite e-mail with a fresh one-time link (7 days). */
export default defineConsumer({
  type: PATIENT_INVITE_REQUESTED,
  version: 1,
  consumer: SEND_PATIENT_INVITE_CONSUMER,
  payload: v.strictObject({ patientId: v.pipe(v.string(), v.uuid()), inviteRequestId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ patientId }, { rt, envelope, now, log }) => {
    const outcome = await sendPatientInvite(rt, { patientId, messageId: envelope.messageId, now });
    log.info('patients.invite_mail', { outcome });
  },
});
