import type { AccountNoticeKind } from '@korevitta/domain';
import type { MailMessage } from './port.ts';
import { mailLocale, renderParts, type MailBrand, type MailContent, type MailLocale } from './layout.ts';

export interface AccountNoticeMailInput {
  kind: AccountNoticeKind;
  /** The user's locale; anything but English renders in pt-BR. */
  locale?: string | null;
  /** The address the account had: after an e-mail change, the old one (its owner must hear about it). */
  to: string;
  /** Where someone who did not make the change starts a password reset. */
  recoverUrl: string;
  /** A patient's practice's branding (issue 11); KoreVitta's look without it. */
  brand?: MailBrand | null;
}

const WHAT: Record<MailLocale, Record<AccountNoticeKind, { title: string; intro: string }>> = {
  'pt-BR': {
    email_changed: { title: 'O e-mail da sua conta KoreVitta foi alterado', intro: 'O e-mail de acesso da sua conta no KoreVitta acabou de ser alterado. Este endereço não recebe mais os avisos da conta.' },
    password_changed: { title: 'A senha da sua conta KoreVitta foi alterada', intro: 'A senha da sua conta no KoreVitta acabou de ser alterada, e as outras sessões abertas foram encerradas.' },
  },
  en: {
    email_changed: { title: 'Your KoreVitta e-mail was changed', intro: "The sign-in e-mail of your KoreVitta account was just changed. This address won't receive the account's notices any more." },
    password_changed: { title: 'Your KoreVitta password was changed', intro: 'The password of your KoreVitta account was just changed, and your other open sessions were ended.' },
  },
};

const COPY: Record<MailLocale, (kind: AccountNoticeKind, url: string) => MailContent> = {
  'pt-BR': (kind, url) => ({
    locale: 'pt-BR',
    title: WHAT['pt-BR'][kind].title,
    greeting: 'Olá!',
    intro: [WHAT['pt-BR'][kind].intro, 'Se foi você, não é preciso fazer nada.'],
    action: { lead: 'Se não foi você, redefina a senha agora pelo link abaixo:', label: 'Redefinir senha', url },
    outro: ['Nunca pedimos sua senha por e-mail.'],
    signature: 'Equipe KoreVitta',
  }),
  en: (kind, url) => ({
    locale: 'en',
    title: WHAT.en[kind].title,
    greeting: 'Hi,',
    intro: [WHAT.en[kind].intro, 'If it was you, there is nothing to do.'],
    action: { lead: "If it wasn't you, reset your password now with the link below:", label: 'Reset password', url },
    outro: ['We never ask for your password by e-mail.'],
    signature: 'The KoreVitta team',
  }),
};

/** A security notice after a change of the sign-in e-mail or password (TEST-CATALOG 11). */
export function renderAccountNoticeMail(input: AccountNoticeMailInput): MailMessage {
  const content: MailContent = { ...COPY[mailLocale(input.locale)](input.kind, input.recoverUrl), ...(input.brand ? { brand: input.brand } : {}) };
  return { to: input.to, subject: content.title, ...renderParts(content), kind: input.kind, link: input.recoverUrl };
}
