import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';
import { Mail, mailboxNotFound, mailboxOf, NO_STORE } from './schemas.ts';

const Query = v.strictObject({ to: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email())) });

export default registerHttp({
  name: 'dev-mailbox-list',
  operationId: 'listMailbox',
  method: 'GET',
  route: 'dev/mailbox',
  summary: 'Local mode: the mails the app sent, newest first (optionally only those to one address)',
  tag: 'Local development',
  auth: 'public',
  publicReason: 'Local development only: the mailbox that stands in for e-mail; absent in production.',
  devOnly: true,
  query: Query,
  responses: {
    200: { description: 'Captured mails', schema: v.strictObject({ items: v.pipe(v.array(Mail), v.maxLength(10_000)), nextCursor: v.null() }) },
    404: { description: 'No local mailbox (problem+json)' },
  },
  handler: async ({ query, rt, locale, requestId }) => {
    const mailbox = mailboxOf(rt);
    if (!mailbox) return mailboxNotFound('absent', locale, requestId);
    return { status: 200, body: { items: mailbox.list({ to: query.to }), nextCursor: null }, headers: NO_STORE };
  },
});
