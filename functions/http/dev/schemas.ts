import * as v from 'valibot';
import { problemOutput, type HttpOutput, type Locale, type Runtime } from '@korevitta/platform';

/** A captured mail as the dev mailbox routes answer it. */
export const Mail = v.strictObject({
  id: v.string(),
  sentAt: v.string(),
  to: v.string(),
  subject: v.string(),
  template: v.string(),
  senderName: v.optional(v.string()),
  text: v.string(),
  html: v.string(),
});

export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The local mailbox, or null when mail leaves the machine (SendGrid) or, belt and braces, in production. */
export const mailboxOf = (rt: Runtime) => (rt.config.isProduction ? null : rt.mailbox);


export const mailboxNotFound = (why: 'absent' | 'unknown', locale: Locale, requestId: string): HttpOutput =>
  problemOutput('MAILBOX.NOT_FOUND', locale, { params: { why }, requestId, headers: NO_STORE });
