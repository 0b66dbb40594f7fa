import * as v from 'valibot';
import { ACCOUNT_NOTICE_KINDS, ACCOUNT_NOTICE_REQUESTED } from '@korevitta/domain';
import { defineConsumer, sendAccountNotice, SEND_ACCOUNT_NOTICE_CONSUMER } from '@korevitta/platform';

/** `identity.account_notice_requested` v1 → one notice to the account's (old) address. */
export default defineConsumer({
  type: ACCOUNT_NOTICE_REQUESTED,
  version: 1,
  consumer: SEND_ACCOUNT_NOTICE_CONSUMER,
  payload: v.strictObject({
    kind: v.picklist(ACCOUNT_NOTICE_KINDS),
    userId: v.pipe(v.string(), v.uuid()),
    to: v.pipe(v.string(), v.maxLength(254), v.email()),
    locale: v.picklist(['pt-BR', 'en']),
  }),
  handle: async (payload, { rt, envelope, log }) => {
    const outcome = await sendAccountNotice(rt, { ...payload, messageId: envelope.messageId });
    log.info('identity.account_notice_mail', { kind: payload.kind, outcome });
  },
});
