/**
 * Every expected failure the domain can return. The HTTP edge has one total map from these codes to a
 * status and a problem type (packages/platform/src/http/problem-map.ts); adding a code without mapping it
 * fails typechecking there.
 */
export const ERROR_CODES = [
  'REQUEST.VALIDATION',
  'REQUEST.NOT_FOUND',
  'REQUEST.TOO_LARGE',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  'REQUEST.RATE_LIMITED',
  'REQUEST.METHOD_NOT_ALLOWED',
  'AUTH.UNAUTHENTICATED',
  'AUTH.FORBIDDEN',
  'AUTH.INVALID_CREDENTIALS',
  'AUTH.THROTTLED',
  'AUTH.INVALID_REFRESH_TOKEN',
  'AUTH.EMAIL_TAKEN',
  'AUTH.WEAK_PASSWORD',
  'AUTH.INVALID_RESET_TOKEN',
  'INVITE.INVALID',
  'INVITE.EMAIL_TAKEN',
  'IDEMPOTENCY.KEY_REUSED',
  'IDEMPOTENCY.IN_FLIGHT',
  'IDEMPOTENCY.KEY_INVALID',
  'RESOURCE.NOT_FOUND',
  'RESOURCE.CONFLICT',
  'SERVICE.UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
