import * as v from 'valibot';
import { requestPasswordReset } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp, resetThrottleOf } from '@korevitta/platform';
import { Email } from './schemas.ts';

const Body = v.strictObject({ email: Email });
const Accepted = v.strictObject({ accepted: v.literal(true) });

export default registerHttp({
  name: 'auth-password-forgot',
  operationId: 'forgotPassword',
  method: 'POST',
  route: 'v1/auth/password/forgot',
  summary: 'Send a password-reset e-mail (same answer whether or not the e-mail has an account)',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'Whoever forgot the password has no token; the answer is the same whether the e-mail exists (throttled).',
  body: Body,
  responses: {
    202: { description: 'If the account exists, an e-mail is on its way', schema: Accepted },
    400: { description: 'Invalid request' },
    429: { description: 'Too many reset requests for this e-mail or from this address (whether or not the account exists); see Retry-After' },
  },
  handler: async ({ body, rt, locale, requestId, clientIp }) => {
    const result = await requestPasswordReset({ ...identityDeps(rt), throttle: resetThrottleOf(rt) }, { email: body.email, correlationId: requestId, clientIp });
    if (!result.ok) {
      rt.log.security('auth.password_reset_throttled', { outcome: 'denied' });
      return fromDomainError(result.error, locale, requestId);
    }
    return { status: 202, body: { accepted: true } };
  },
});
