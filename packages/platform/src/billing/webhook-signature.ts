import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's default tolerance (stripe-node `DEFAULT_TOLERANCE`): a signed timestamp older or newer than this is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing_header' | 'malformed_header' | 'stale_timestamp' | 'no_match' };

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (Stripe's scheme; other schemes such as v0 are ignored). */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** HMAC-SHA256 of `<t>.<raw body bytes>` under one secret, hex. */
export function signPayload(secret: string, timestamp: number, rawBody: Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header a provider would send: for the local billing provider and tests. */
export const signatureHeader = (secret: string, timestamp: number, rawBody: Uint8Array): string => `t=${timestamp},v1=${signPayload(secret, timestamp, rawBody)}`;

/**
 * Verifies a billing webhook over the exact bytes received (never a re-serialised JSON): any of the
 * header's `v1` signatures under any of our secrets (rotation: old and new both valid for a while), each
 * compared in constant time, and the signed timestamp within the tolerance of our clock.
 */
export function verifyWebhookSignature(rawBody: Uint8Array, header: string | null, secrets: readonly string[], nowSeconds: number, tolerance = SIGNATURE_TOLERANCE_SECONDS): SignatureVerdict {
  if (!header) return { ok: false, reason: 'missing_header' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed_header' };
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.timestamp, rawBody), 'hex');
    for (const candidate of parsed.signatures) {
      // Every comparison runs (no early exit), so timing says nothing about which secret or signature matched.
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
    }
  }
  if (!matched) return { ok: false, reason: 'no_match' };
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true, timestamp: parsed.timestamp };
}
