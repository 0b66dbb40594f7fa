/**
 * What a mail is about, machine-readable and stable: the local mailbox answers it (tests and frontend
 * developers branch on it instead of reading the text) and SendGrid files the mail under it.
 */
export const MAIL_KINDS = ['password_reset', 'patient_invite', 'new_message', 'email_changed', 'password_changed'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** A rendered e-mail, ready to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** For logs, the local mailbox and SendGrid's categories (never the content). */
  kind: MailKind;
  /** The one link the mail asks the reader to open (reset, invite, conversation), where it has one. */
  link?: string;
  /**
   * Display name the mail is sent in (a professional's branding name); the address stays ours, and the
   * adapter shows it as "<senderName> via <our name>" so that it cannot pass for us.
   */
  senderName?: string;
  /** Images the HTML shows through `cid:` (a branded mail's logo), sent as inline parts. */
  inline?: MailInlineImage[];
}

export interface MailInlineImage { cid: string; filename: string; contentType: 'image/png'; contentBase64: string }

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
