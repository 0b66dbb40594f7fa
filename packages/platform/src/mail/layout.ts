import { escapeHtml, safeLink } from './escape.ts';

export type MailLocale = 'pt-BR' | 'en';

/** pt-BR unless the locale asks for English (the user's stored locale or an Accept-Language value). */
export function mailLocale(locale: string | null | undefined): MailLocale {
  return locale?.trim().toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

/**
 * The content of one mail as plain paragraphs (already clean, see escape.ts). Both parts are rendered
 * from it, so the text and HTML versions never drift apart and every value is escaped in one place.
 */
export interface MailContent {
  locale: MailLocale;
  title: string;
  greeting: string;
  intro: string[];
  action: { lead: string; label: string; url: string };
  outro: string[];
  signature: string;
}

export function renderText(c: MailContent): string {
  const url = safeLink(c.action.url);
  return [c.greeting, ...c.intro, `${c.action.lead}\n${url}`, ...c.outro, c.signature].join('\n\n') + '\n';
}

const FALLBACK: Record<MailLocale, string> = {
  'pt-BR': 'Se o botão não funcionar, copie e cole este endereço no navegador:',
  en: "If the button doesn't work, copy and paste this address into your browser:",
};

const P = 'margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2933';
const SMALL = 'margin:0 0 16px;font-size:13px;line-height:20px;color:#52606d';
const BUTTON = 'display:inline-block;padding:12px 24px;border-radius:6px;background:#0b7a5a;color:#ffffff;font-weight:bold;text-decoration:none';

export function renderHtml(c: MailContent): string {
  const href = escapeHtml(safeLink(c.action.url));
  const p = (s: string, style = P) => `<p style="${style}">${escapeHtml(s)}</p>`;
  return [
    '<!doctype html>',
    `<html lang="${c.locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(c.title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif">',
    '<div style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px">',
    p(c.greeting),
    ...c.intro.map((s) => p(s)),
    p(c.action.lead),
    `<p style="margin:0 0 24px"><a href="${href}" style="${BUTTON}">${escapeHtml(c.action.label)}</a></p>`,
    `<p style="${SMALL}">${escapeHtml(FALLBACK[c.locale])}<br><a href="${href}" style="color:#0b7a5a;word-break:break-all">${href}</a></p>`,
    ...c.outro.map((s) => p(s)),
    p(c.signature, SMALL),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

const UNITS = {
  minute: { 'pt-BR': ['minuto', 'minutos'], en: ['minute', 'minutes'] },
  hour: { 'pt-BR': ['hora', 'horas'], en: ['hour', 'hours'] },
  day: { 'pt-BR': ['dia', 'dias'], en: ['day', 'days'] },
} as const;

function count(n: number, unit: keyof typeof UNITS, locale: MailLocale): string {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`mail duration must be a positive integer, got ${n}`);
  const [one, many] = UNITS[unit][locale];
  return `${n} ${n === 1 ? one : many}`;
}

/** "30 minutos", "1 hora", "2 hours": whole hours read as hours. */
export const formatMinutes = (minutes: number, locale: MailLocale): string =>
  minutes % 60 === 0 && minutes > 0 ? count(minutes / 60, 'hour', locale) : count(minutes, 'minute', locale);

export const formatDays = (days: number, locale: MailLocale): string => count(days, 'day', locale);
