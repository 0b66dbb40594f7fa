import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';
import { Mail, mailboxNotFound, mailboxOf, NO_STORE } from './schemas.ts';

const Params = v.strictObject({ mailId: v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/)) });

export default registerHttp({
  name: 'dev-mailbox-get',
  operationId: 'getMail',
  method: 'GET',
  route: 'dev/mailbox/{mailId}',
  summary: 'Local mode: one captured mail, with its text and HTML parts',
  tag: 'Local development',
  auth: 'public',
  publicReason: 'Local development only: the mailbox that stands in for e-mail; absent in production.',
  devOnly: true,
  params: Params,
  responses: {
    200: { description: 'The mail', schema: Mail },
    404: { description: 'No local mailbox, or no mail with this id (problem+json)' },
  },
  handler: async ({ params, rt, locale, requestId }) => {
    const mailbox = mailboxOf(rt);
    if (!mailbox) return mailboxNotFound('absent', locale, requestId);
    const mail = mailbox.get(params.mailId);
    if (!mail) return mailboxNotFound('unknown', locale, requestId);
    return { status: 200, body: mail, headers: NO_STORE };
  },
});
