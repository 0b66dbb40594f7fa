import * as v from 'valibot';
import { acceptInvite } from '@korevitta/domain';
import { fromDomainError, identityDeps, inviteSecrets, registerHttp, tokenResponse } from '@korevitta/platform';
import { LocaleField, OpaqueToken, Password, TokenPair } from './schemas.ts';

const Body = v.strictObject({ token: OpaqueToken, password: Password, locale: LocaleField });

export default registerHttp({
  name: 'invites-accept',
  operationId: 'acceptInvite',
  method: 'POST',
  route: 'v1/invites/accept',
  summary: 'A patient accepts an invite, sets a password and is logged in',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'The one-time invite token from the e-mail is the credential.',
  body: Body,
  responses: {
    201: { description: 'Patient login created; tokens issued', schema: TokenPair },
    400: { description: 'Invalid or expired invite, or weak password' },
    409: { description: 'The e-mail already has an account' },
  },
  handler: async ({ body, rt, locale, requestId }) => {
    const result = await acceptInvite({ ...identityDeps(rt), inviteTokens: inviteSecrets }, { ...body, locale: body.locale ?? locale });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    rt.log.security('auth.invite_accepted', { outcome: 'success', actor: result.value.user.id, tenant: result.value.user.professionalId });
    return { status: 201, body: await tokenResponse(rt, result.value) };
  },
});
