/** A rendered e-mail, ready to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Template name, for logs and the local mailbox (never the content). */
  template: string;
  /**
   * Display name the mail is sent in (a professional's branding name); the address stays ours, and the
   * adapter shows it as "<senderName> via <our name>" so that it cannot pass for us.
   */
  senderName?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
