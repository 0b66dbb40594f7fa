import * as v from 'valibot';
import { MAIL_KINDS, problemOutput, type HttpOutput, type Locale, type Runtime } from '@korevitta/platform';

/** A captured mail as the dev mailbox routes answer it: `kind`, `link` and `token` are there to branch on and use. */
export const Mail = v.strictObject({
  id: v.string(),
  sentAt: v.pipe(v.string(), v.isoTimestamp()),
  to: v.string(),
  subject: v.string(),
  kind: v.pipe(v.picklist(MAIL_KINDS), v.description('What the mail is about: password_reset, patient_invite or new_message.')),
  link: v.pipe(v.nullable(v.string()), v.description('The link the mail asks the reader to open (reset, invite, conversation), or null.')),
  token: v.pipe(v.nullable(v.string()), v.description("The link's `token` parameter (password_reset: for POST /v1/auth/password/reset; patient_invite: for POST /v1/invites/accept), or null.")),
  senderName: v.optional(v.string()),
  text: v.string(),
  html: v.string(),
});

export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The local mailbox, or null when mail leaves the machine (SendGrid) or, belt and braces, in production. */
export const mailboxOf = (rt: Runtime) => (rt.config.isProduction ? null : rt.mailbox);

const DETAIL = {
  absent: { 'pt-BR': 'A caixa de e-mails local só existe com MAIL_DRIVER=local.', en: 'The local mailbox exists only with MAIL_DRIVER=local.' },
  unknown: { 'pt-BR': 'Nenhum e-mail com este id na caixa local.', en: 'No mail with this id in the local mailbox.' },
} as const;

export const mailboxNotFound = (why: keyof typeof DETAIL, locale: Locale, requestId: string): HttpOutput =>
  problemOutput('RESOURCE.NOT_FOUND', locale, { detail: DETAIL[why][locale], requestId, headers: NO_STORE });
