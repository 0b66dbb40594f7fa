import * as v from 'valibot';

/** Shared request/response schemas of the identity endpoints. */
export const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email('must be a valid e-mail address'));
/** Length rules beyond these bounds live in the domain's password policy (so the message is specific). */
export const Password = v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(1024));
export const OpaqueToken = v.pipe(v.string(), v.minLength(10), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]+$/, 'is not a valid token'));
export const LocaleField = v.optional(v.picklist(['pt-BR', 'en']));

export const TokenPair = v.strictObject({
  accessToken: v.string(),
  refreshToken: v.string(),
  tokenType: v.literal('Bearer'),
  expiresIn: v.pipe(v.number(), v.integer()),
});

export const problemResponses = {
  400: { description: 'Invalid request (problem+json with errors[])' },
  429: { description: 'Too many attempts (problem+json, Retry-After)' },
} as const;
