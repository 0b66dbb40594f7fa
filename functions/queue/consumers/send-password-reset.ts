import * as v from 'valibot';
import { PASSWORD_RESET_REQUESTED } from '@korevitta/domain';
import { defineConsumer, sendPasswordReset, SEND_PASSWORD_RESET_CONSUMER } from '@korevitta/platform';

/** `identity.password_reset_requested` v1 → one reset e-mail with a fresh one-time link. */
export default defineConsumer({
  type: PASSWORD_RESET_REQUESTED,
  version: 1,
  consumer: SEND_PASSWORD_RESET_CONSUMER,
  payload: v.strictObject({ userId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ userId }, { rt, envelope, now, log }) => {
    const outcome = await sendPasswordReset(rt, { userId, messageId: envelope.messageId, now });
    log.info('identity.password_reset_mail', { outcome });
  },
});
