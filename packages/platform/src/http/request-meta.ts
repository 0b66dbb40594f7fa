import { randomUUID } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import type { Locale } from './problems.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller-supplied request id is kept only when it is short and plain; otherwise a new one. */
export function requestIdOf(req: HttpRequest): string {
  const given = req.headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** pt-BR unless Accept-Language prefers English over Portuguese. */
export function localeOf(req: HttpRequest): Locale {
  return localeFromHeader(req.headers.get('accept-language'));
}

export function localeFromHeader(header: string | null | undefined): Locale {
  if (!header) return 'pt-BR';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag.startsWith('en') || x.tag.startsWith('pt'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'pt-BR';
}

/**
 * The client address as our trusted front end saw it: the entry `trustedHops` from the right of
 * X-Forwarded-For (entries further left are client-supplied and ignored; TEST-CATALOG 31).
 */
export function clientIpOf(req: HttpRequest, trustedHops: number): string {
  if (trustedHops === 0) return 'direct';
  const chain = (req.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const entry = chain[chain.length - trustedHops];
  if (!entry) return 'unknown';
  return stripPort(entry);
}

function stripPort(entry: string): string {
  if (entry.startsWith('[')) return entry.slice(1, entry.indexOf(']'));
  const colons = entry.split(':').length - 1;
  return colons === 1 ? (entry.split(':')[0] ?? entry) : entry;
}
