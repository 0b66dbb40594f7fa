import * as v from 'valibot';
import { requestPasswordReset } from '@korevitta/domain';
import { identityDeps, registerHttp } from '@korevitta/platform';
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
  responses: { 202: { description: 'If the account exists, an e-mail is on its way', schema: Accepted }, 400: { description: 'Invalid request' } },
  handler: async ({ body, rt, requestId }) => {
    await requestPasswordReset(identityDeps(rt), { email: body.email, correlationId: requestId });
    return { status: 202, body: { accepted: true } };
  },
});
