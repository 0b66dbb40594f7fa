import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';
import { Mail, mailboxNotFound, mailboxOf, NO_STORE } from './schemas.ts';

const Query = v.object({ to: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(254))) });

export default registerHttp({
  name: 'dev-mailbox-list',
  method: 'GET',
  route: 'dev/mailbox',
  summary: 'Local mode: the mails the app sent, newest first (optionally only those to one address)',
  tags: ['dev'],
  auth: 'public',
  devOnly: true,
  query: Query,
  responses: {
    200: { description: 'Captured mails', schema: v.strictObject({ items: v.array(Mail), nextCursor: v.null() }) },
    404: { description: 'No local mailbox (problem+json)' },
  },
  handler: async ({ query, rt, locale, requestId }) => {
    const mailbox = mailboxOf(rt);
    if (!mailbox) return mailboxNotFound('absent', locale, requestId);
    return { status: 200, body: { items: mailbox.list({ to: query.to }), nextCursor: null }, headers: NO_STORE };
  },
});
