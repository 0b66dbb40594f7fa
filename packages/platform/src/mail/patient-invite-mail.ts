import type { MailMessage } from './port.ts';
import { oneLine } from './escape.ts';
import { formatDays, mailLocale, renderParts, type MailBrand, type MailContent, type MailLocale } from './layout.ts';

export interface PatientInviteMailInput {
  /** The invited patient's locale; anything but English renders in pt-BR. */
  locale?: string | null;
  to: string;
  /** The practice's branding, for a mail to its patient (issue 11); KoreVitta's look without it. */
  brand?: MailBrand | null;
  patientName?: string | null;
  /** The professional's branding name: the mail is sent in this name. */
  professionalName: string;
  acceptUrl: string;
  expiresInDays: number;
}

interface Vars { patient: string; pro: string; expires: string; url: string }

const COPY: Record<MailLocale, (v: Vars) => MailContent> = {
  'pt-BR': ({ patient, pro, expires, url }) => ({
    locale: 'pt-BR',
    title: `${pro} convidou você para o KoreVitta`,
    greeting: patient ? `Olá, ${patient}!` : 'Olá!',
    intro: [
      `Você foi convidado(a) por ${pro} para acompanhar seu protocolo no KoreVitta.`,
      'No app você vê as tarefas do dia, registra sua hidratação, responde aos check-ins e acompanha a sua evolução.',
    ],
    action: { lead: 'Para aceitar o convite e criar sua senha, acesse:', label: 'Aceitar convite', url },
    outro: [
      `O convite vale por ${expires}.`,
      'Se você não esperava este convite, é só ignorar este e-mail.',
    ],
    signature: `Enviado pelo KoreVitta em nome de ${pro}.`,
  }),
  en: ({ patient, pro, expires, url }) => ({
    locale: 'en',
    title: `${pro} invited you to KoreVitta`,
    greeting: patient ? `Hi ${patient},` : 'Hi,',
    intro: [
      `You have been invited by ${pro} to follow your plan on KoreVitta.`,
      "In the app you see today's tasks, log your water intake, answer check-ins and follow your progress.",
    ],
    action: { lead: 'To accept the invitation and create your password, open:', label: 'Accept invitation', url },
    outro: [
      `The invitation is valid for ${expires}.`,
      "If you weren't expecting this invitation, you can simply ignore this e-mail.",
    ],
    signature: `Sent by KoreVitta on behalf of ${pro}.`,
  }),
};

export function renderPatientInviteMail(input: PatientInviteMailInput): MailMessage {
  const locale = mailLocale(input.locale);
  const pro = oneLine(input.professionalName, 80) || 'KoreVitta';
  const content: MailContent = { ...COPY[locale]({
    patient: oneLine(input.patientName ?? ''),
    pro,
    expires: formatDays(input.expiresInDays, locale),
    url: input.acceptUrl,
  }), ...(input.brand ? { brand: input.brand } : {}) };
  return {
    to: input.to,
    subject: content.title,
    ...renderParts(content),
    kind: 'patient_invite',
    link: input.acceptUrl,
    senderName: pro,
  };
}
