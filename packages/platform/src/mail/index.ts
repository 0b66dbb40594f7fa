export * from './port.ts';
export { escapeHtml, oneLine, safeLink } from './escape.ts';
export { formatDays, formatMinutes, mailLocale, type MailLocale } from './layout.ts';
export * from './password-reset-mail.ts';
export * from './patient-invite-mail.ts';
export * from './new-message-mail.ts';
export * from './account-notice-mail.ts';
export * from './local-mailbox.ts';
export * from './create-mailer.ts';
