import type { MailMessage } from './port.ts';
import { oneLine } from './escape.ts';
import { formatMinutes, mailLocale, renderParts, type MailBrand, type MailContent, type MailLocale } from './layout.ts';

export interface NewMessageMailInput {
  /** The recipient's locale; anything but English renders in pt-BR. */
  locale?: string | null;
  to: string;
  /** The practice's branding, for a mail to its patient (issue 11); KoreVitta's look without it. */
  brand?: MailBrand | null;
  /** Who wrote: the professional's branding name, or the patient's name. */
  senderName: string;
  /** A professional's message is sent in its branding name (MailMessage.senderName); a patient's is not. */
  fromProfessional: boolean;
  /** `${PUBLIC_APP_URL}/mensagens/<threadId>`. */
  threadUrl: string;
  /** The recipient's quiet period: at most one such e-mail per conversation per period (0 = none). */
  quietPeriodMinutes: number;
}

interface Vars { sender: string; url: string; quiet: string | null }

/**
 * "You have a new message from X" and a link into the app. Never the message itself: message bodies are
 * health data and stay in the app (LGPD Art. 11); e-mail is neither private nor revocable.
 */
const COPY: Record<MailLocale, (v: Vars) => MailContent> = {
  'pt-BR': ({ sender, url, quiet }) => ({
    locale: 'pt-BR',
    title: `Nova mensagem de ${sender}`,
    greeting: 'Olá!',
    intro: [
      `Você tem uma nova mensagem de ${sender} no KoreVitta.`,
      'Por privacidade, o conteúdo das mensagens não é enviado por e-mail: leia e responda no app.',
    ],
    action: { lead: 'Para ver a conversa, acesse:', label: 'Abrir conversa', url },
    outro: [
      ...(quiet ? [`Enviamos no máximo um aviso por conversa a cada ${quiet}.`] : []),
      'Você pode desativar estes avisos nas preferências de notificação do app.',
    ],
    signature: 'Enviado pelo KoreVitta.',
  }),
  en: ({ sender, url, quiet }) => ({
    locale: 'en',
    title: `New message from ${sender}`,
    greeting: 'Hi,',
    intro: [
      `You have a new message from ${sender} on KoreVitta.`,
      'For your privacy, messages are never sent by e-mail: read and reply in the app.',
    ],
    action: { lead: 'To open the conversation, go to:', label: 'Open conversation', url },
    outro: [
      ...(quiet ? [`We send at most one alert per conversation every ${quiet}.`] : []),
      'You can turn these alerts off in the notification preferences of the app.',
    ],
    signature: 'Sent by KoreVitta.',
  }),
};

export function renderNewMessageMail(input: NewMessageMailInput): MailMessage {
  const locale = mailLocale(input.locale);
  const sender = oneLine(input.senderName, 80) || 'KoreVitta';
  const content: MailContent = { ...COPY[locale]({
    sender,
    url: input.threadUrl,
    quiet: input.quietPeriodMinutes > 0 ? formatMinutes(input.quietPeriodMinutes, locale) : null,
  }), ...(input.brand ? { brand: input.brand } : {}) };
  return {
    to: input.to,
    subject: content.title,
    ...renderParts(content),
    kind: 'new_message',
    link: input.threadUrl,
    ...(input.fromProfessional ? { senderName: sender } : {}),
  };
}
