import * as v from 'valibot';
import { instant, multiLine, singleLine, token } from '@korevitta/domain';
import { MAIL_KINDS, problemOutput, type HttpOutput, type Locale, type Runtime } from '@korevitta/platform';

/** A captured mail as the dev mailbox routes answer it: `kind`, `link` and `token` are there to branch on and use. */
export const Mail = v.strictObject({
  id: token(/^[A-Za-z0-9_-]{1,64}$/, 64, 'token'),
  sentAt: instant(),
  to: v.pipe(v.string(), v.maxLength(254), v.email()),
  subject: singleLine(300),
  kind: v.pipe(v.picklist(MAIL_KINDS), v.description('What the mail is about: password_reset, patient_invite, new_message, email_changed or password_changed.')),
  link: v.pipe(v.nullable(v.pipe(v.string(), v.maxLength(2000), v.url())), v.description('The link the mail asks the reader to open (reset, invite, conversation), or null.')),
  token: v.pipe(v.nullable(token(/^[A-Za-z0-9_-]{1,200}$/, 200, 'token')), v.description("The link's `token` parameter (password_reset: for POST /v1/auth/password/reset; patient_invite: for POST /v1/invites/accept), or null.")),
  senderName: v.optional(singleLine(200)),
  text: multiLine(100_000, { min: 0 }),
  html: multiLine(200_000, { min: 0 }),
  inline: v.optional(v.pipe(v.array(v.strictObject({
    cid: token(/^[A-Za-z0-9_.-]{1,64}$/, 64, 'token'),
    filename: singleLine(100),
    contentType: v.picklist(['image/png']),
    contentBase64: v.pipe(v.string(), v.maxLength(1_500_000), v.base64()),
  })), v.maxLength(4), v.description('Images the HTML shows through cid: (a branded mail carries the practice logo inside it, never as a link).'))),
});

export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The local mailbox, or null when mail leaves the machine (SendGrid) or, belt and braces, in production. */
export const mailboxOf = (rt: Runtime) => (rt.config.isProduction ? null : rt.mailbox);


export const mailboxNotFound = (why: 'absent' | 'unknown', locale: Locale, requestId: string): HttpOutput =>
  problemOutput('MAILBOX.NOT_FOUND', locale, { params: { why }, requestId, headers: NO_STORE });
