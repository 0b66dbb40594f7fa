/** Request headers a browser may send, and response headers it may read (API Management's cors policy lists the same). */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language', 'x-request-id'] as const;
export const CORS_EXPOSED_HEADERS = ['etag', 'retry-after', 'x-request-id', 'location', 'idempotency-replayed', 'ratelimit', 'ratelimit-policy'] as const;
const ALLOWED_HEADERS = CORS_ALLOWED_HEADERS.join(', ');
const EXPOSED_HEADERS = CORS_EXPOSED_HEADERS.join(', ');

/** CORS response headers for an allowed origin (the allow-list comes from CORS_ALLOWED_ORIGINS). */
export function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return { vary: 'origin' };
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'origin' };
}

/** Answer to a preflight (OPTIONS) request; in Azure, API Management answers these. */
export function preflightHeaders(origin: string | null, allowed: readonly string[], methods: readonly string[]): Record<string, string> | null {
  if (!origin || !allowed.includes(origin)) return null;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
    vary: 'origin',
  };
}
