import type { MailMessage } from './port.ts';
import { oneLine } from './escape.ts';
import { formatMinutes, mailLocale, renderParts, type MailBrand, type MailContent, type MailLocale } from './layout.ts';

export interface PasswordResetMailInput {
  /** The user's locale; anything but English renders in pt-BR. */
  locale?: string | null;
  to: string;
  /** The practice's branding, for a mail to its patient (issue 11); KoreVitta's look without it. */
  brand?: MailBrand | null;
  name?: string | null;
  resetUrl: string;
  expiresInMinutes: number;
}

const COPY: Record<MailLocale, (name: string, expires: string, url: string) => MailContent> = {
  'pt-BR': (name, expires, url) => ({
    locale: 'pt-BR',
    title: 'Redefinição de senha do KoreVitta',
    greeting: name ? `Olá, ${name}!` : 'Olá!',
    intro: ['Recebemos um pedido para redefinir a senha da sua conta no KoreVitta.'],
    action: { lead: 'Para escolher uma nova senha, acesse o link abaixo:', label: 'Redefinir senha', url },
    outro: [
      `O link vale por ${expires} e só pode ser usado uma vez.`,
      'Se você não pediu a redefinição, é só ignorar este e-mail: sua senha continua a mesma.',
    ],
    signature: 'Equipe KoreVitta',
  }),
  en: (name, expires, url) => ({
    locale: 'en',
    title: 'Reset your KoreVitta password',
    greeting: name ? `Hi ${name},` : 'Hi,',
    intro: ['We received a request to reset the password of your KoreVitta account.'],
    action: { lead: 'To choose a new password, open the link below:', label: 'Reset password', url },
    outro: [
      `The link is valid for ${expires} and can be used only once.`,
      "If you didn't ask for a reset, you can simply ignore this e-mail: your password stays the same.",
    ],
    signature: 'The KoreVitta team',
  }),
};

export function renderPasswordResetMail(input: PasswordResetMailInput): MailMessage {
  const locale = mailLocale(input.locale);
  const content: MailContent = { ...COPY[locale](oneLine(input.name ?? ''), formatMinutes(input.expiresInMinutes, locale), input.resetUrl), ...(input.brand ? { brand: input.brand } : {}) };
  return { to: input.to, subject: content.title, ...renderParts(content), kind: 'password_reset', link: input.resetUrl };
}
