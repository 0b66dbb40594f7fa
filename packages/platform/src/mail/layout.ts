import { escapeHtml, oneLine, safeLink } from './escape.ts';
import type { MailMessage } from './port.ts';

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
  /** The practice's white label, for mails to its patients (issue 11); KoreVitta's own look without it. */
  brand?: MailBrand;
}

/**
 * A practice's branding as a mail shows it: its name and logo at the top, its primary colour on the button
 * (white text, WCAG AA checked when saved), its accent colour on links, its signature at the end.
 */
export interface MailBrand {
  name: string;
  primaryColor: string;
  accentColor: string;
  /** The logo's bytes, sent inside the mail as an inline part and shown through `cid:` (never a URL that expires or leaks). */
  logo: { cid: string; contentType: 'image/png'; content: Uint8Array } | null;
  signature: string | null;
}

/** The Content-ID of the practice's logo in a branded mail. */
export const LOGO_CID = 'brand-logo';

const HEX = /^#[0-9A-Fa-f]{6}$/;
const colour = (value: string | undefined, fallback: string) => (value && HEX.test(value) ? value : fallback);
/** The signature is the professional's own text: clean lines, no control characters, at most 10 lines. */
const signatureLines = (brand: MailBrand | undefined): string[] =>
  (brand?.signature ?? '').split(/\r?\n/).map((l) => oneLine(l, 200)).filter((l) => l !== '').slice(0, 10);

export function renderText(c: MailContent): string {
  const url = safeLink(c.action.url);
  const brand = c.brand ? [oneLine(c.brand.name, 80)] : [];
  const signature = signatureLines(c.brand);
  const own = signature.length > 0 ? ['-- \n' + signature.join('\n')] : [];
  return [...brand, c.greeting, ...c.intro, `${c.action.lead}\n${url}`, ...c.outro, ...own, c.signature].join('\n\n') + '\n';
}

const FALLBACK: Record<MailLocale, string> = {
  'pt-BR': 'Se o botão não funcionar, copie e cole este endereço no navegador:',
  en: "If the button doesn't work, copy and paste this address into your browser:",
};

const P = 'margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2933';
const SMALL = 'margin:0 0 16px;font-size:13px;line-height:20px;color:#52606d';
const BUTTON = 'display:inline-block;padding:12px 24px;border-radius:6px;color:#ffffff;font-weight:bold;text-decoration:none';
const DEFAULT_COLOUR = '#0b7a5a';

function brandHeader(brand: MailBrand, accent: string): string[] {
  const name = escapeHtml(oneLine(brand.name, 80));
  const logo = brand.logo ? `<img src="cid:${escapeHtml(brand.logo.cid)}" alt="${name}" style="max-height:48px;max-width:200px;display:block;margin:0 0 8px">` : '';
  return [`<div style="margin:0 0 24px;padding:0 0 16px;border-bottom:2px solid ${accent}">${logo}<p style="margin:0;font-size:18px;font-weight:bold;color:${accent}">${name}</p></div>`];
}

export function renderHtml(c: MailContent): string {
  const href = escapeHtml(safeLink(c.action.url));
  const p = (s: string, style = P) => `<p style="${style}">${escapeHtml(s)}</p>`;
  const primary = colour(c.brand?.primaryColor, DEFAULT_COLOUR);
  const accent = colour(c.brand?.accentColor, DEFAULT_COLOUR);
  const signature = signatureLines(c.brand);
  return [
    '<!doctype html>',
    `<html lang="${c.locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(c.title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif">',
    '<div style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px">',
    ...(c.brand ? brandHeader(c.brand, accent) : []),
    p(c.greeting),
    ...c.intro.map((s) => p(s)),
    p(c.action.lead),
    `<p style="margin:0 0 24px"><a href="${href}" style="${BUTTON};background:${primary}">${escapeHtml(c.action.label)}</a></p>`,
    `<p style="${SMALL}">${escapeHtml(FALLBACK[c.locale])}<br><a href="${href}" style="color:${accent};word-break:break-all">${href}</a></p>`,
    ...c.outro.map((s) => p(s)),
    ...(signature.length > 0 ? [`<p style="${P}">${signature.map(escapeHtml).join('<br>')}</p>`] : []),
    p(c.signature, SMALL),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Both parts of a mail and, when the brand has a logo, the logo as an inline image part. */
export function renderParts(c: MailContent): Pick<MailMessage, 'text' | 'html' | 'inline'> {
  const logo = c.brand?.logo;
  const inline = logo ? { inline: [{ cid: logo.cid, filename: 'logo.png', contentType: logo.contentType, contentBase64: Buffer.from(logo.content).toString('base64') }] } : {};
  return { text: renderText(c), html: renderHtml(c), ...inline };
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
