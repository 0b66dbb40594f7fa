import * as v from 'valibot';
import { MESSAGE_POSTED } from '@korevitta/domain';
import { defineConsumer, notifyNewMessage, NOTIFY_NEW_MESSAGE_CONSUMER } from '@korevitta/platform';

/** `communication.message_posted` v1 → at most one new-message e-mail per recipient, thread and quiet period. */
export default defineConsumer({
  type: MESSAGE_POSTED,
  version: 1,
  consumer: NOTIFY_NEW_MESSAGE_CONSUMER,
  payload: v.strictObject({ threadId: v.pipe(v.string(), v.uuid()), messageId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ threadId, messageId }, { rt, envelope, now, log }) => {
    const result = await notifyNewMessage(rt, { threadId, messageId, deliveryId: envelope.messageId, now });
    log.info('communication.new_message_mail', { outcome: result.outcome, sent: result.sent, skipped: result.skipped });
  },
});
