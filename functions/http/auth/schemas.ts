import * as v from 'valibot';
import { integer, SINGLE_LINE_PATTERN, singleLine, token } from '@korevitta/domain';
import { Id, Instant } from '../shared-schemas.ts';

/** Shared request/response schemas of the identity endpoints. */
export const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email());
/** Length rules beyond these bounds live in the domain's password policy (so the problem is specific). */
export const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(1024), v.regex(SINGLE_LINE_PATTERN));
export const OpaqueToken = token(/^[A-Za-z0-9_-]{10,200}$/, 200, 'token');
export const PersonName = singleLine(200);
export const LocaleField = v.optional(v.picklist(['pt-BR', 'en']));
export { Id, Instant };

/** A JWS compact serialization (header.payload.signature, base64url). */
const Jwt = token(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 4096, 'token');

export const TokenPair = v.strictObject({
  accessToken: Jwt,
  refreshToken: OpaqueToken,
  tokenType: v.literal('Bearer'),
  /** Seconds until the access token expires (at most 900). */
  expiresIn: integer(1, 900),
});

export const problemResponses = {
  429: { description: 'Too many attempts (problem+json, Retry-After)' },
} as const;
