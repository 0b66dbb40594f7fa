import * as v from 'valibot';
import { CHECKIN_STEP_DUE, CHECKIN_STEP_DUE_VERSION } from '@korevitta/domain';
import { advanceCheckinStep, defineConsumer } from '@korevitta/platform';

/**
 * `checkins.step_due` v1: a scheduled timing message (open, due, grace end) of one check-in. The state machine
 * makes it idempotent (a step already taken decides nothing), so no inbox row is needed; an early delivery
 * (clock skew) is left to the check_missed_checkins sweep.
 */
export default defineConsumer({
  type: CHECKIN_STEP_DUE,
  version: CHECKIN_STEP_DUE_VERSION,
  consumer: 'advance-checkin',
  payload: v.strictObject({
    checkinId: v.pipe(v.string(), v.uuid()),
    patientId: v.pipe(v.string(), v.uuid()),
    dueAt: v.pipe(v.string(), v.isoTimestamp()),
    step: v.picklist(['open', 'mark_due', 'mark_grace_ended']),
  }),
  handle: async (payload, { rt, envelope, now, log }) => {
    const result = await advanceCheckinStep(rt, { ...payload, correlationId: envelope.correlationId, now });
    log.info('checkins.step', { step: payload.step, outcome: result.outcome, events: result.events.length });
  },
});
