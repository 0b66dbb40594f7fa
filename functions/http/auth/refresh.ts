import * as v from 'valibot';
import { refreshSession } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp, tokenResponse } from '@korevitta/platform';
import { OpaqueToken, TokenPair } from './schemas.ts';

const Body = v.strictObject({ refreshToken: OpaqueToken });

export default registerHttp({
  name: 'auth-refresh',
  operationId: 'refresh',
  method: 'POST',
  route: 'v1/auth/refresh',
  summary: 'Rotate the refresh token; a reused one revokes its whole session',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'The refresh token in the body is the credential (rotated, reuse revokes the family).',
  body: Body,
  responses: { 200: { description: 'New token pair', schema: TokenPair }, 400: { description: 'Invalid request' }, 401: { description: 'Invalid, expired, revoked or reused refresh token' } },
  handler: async ({ body, rt, locale, requestId }) => {
    const result = await refreshSession(identityDeps(rt), body.refreshToken);
    if (!result.ok) {
      if (result.reuseDetectedInSession) {
        rt.log.security('auth.refresh_token_reuse', { outcome: 'denied', sessionFamilyId: result.reuseDetectedInSession });
      }
      return fromDomainError(result.error, locale, requestId);
    }
    return { status: 200, body: await tokenResponse(rt, result.value) };
  },
});
