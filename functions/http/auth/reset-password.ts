import * as v from 'valibot';
import { resetPassword } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp, resetSecrets } from '@korevitta/platform';
import { OpaqueToken, Password } from './schemas.ts';

const Body = v.strictObject({ token: OpaqueToken, password: Password });

export default registerHttp({
  name: 'auth-password-reset',
  operationId: 'resetPassword',
  method: 'POST',
  route: 'v1/auth/password/reset',
  summary: 'Set a new password with a one-time reset token; revokes every session',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'The one-time token from the e-mail is the credential.',
  body: Body,
  responses: { 204: { description: 'Password changed; log in again' }, 400: { description: 'Invalid or expired token, or weak password' } },
  handler: async ({ body, rt, locale, requestId }) => {
    const result = await resetPassword({ ...identityDeps(rt), secrets: resetSecrets }, body);
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    rt.log.security('auth.password_reset', { outcome: 'success', actor: result.value.userId });
    return { status: 204 };
  },
});
