import { getMe, updateMyAccount } from '@korevitta/domain';
import { fromDomainError, inAccountTx, registerHttp, revisionEtag } from '@korevitta/platform';
import { Profile, reauthResponses, UpdateMeBody } from './schemas.ts';

export default registerHttp({
  name: 'me-update',
  operationId: 'updateMe',
  method: 'PATCH',
  route: 'v1/me',
  summary: 'Edit my account (sign-in e-mail, language); a new e-mail needs the current password and the old address is told',
  tag: 'Identity and access',
  auth: ['professional', 'patient'],
  ifMatch: 'required',
  body: UpdateMeBody,
  responses: {
    200: { description: 'The updated profile (new ETag)', schema: Profile, headers: ['etag'] },
    400: { description: 'Invalid or unknown fields (problem+json with errors[])' },
    401: { description: 'Not authenticated' },
    ...reauthResponses,
    409: { description: 'Another account uses this e-mail (AUTH.EMAIL_TAKEN)' },
  },
  handler: async ({ body, auth, rt, ifMatch, locale, requestId, clientIp, log }) => {
    const { currentPassword, ...patch } = body;
    const result = await inAccountTx(rt, { auth, requestId, clientIp }, async (deps) => {
      const updated = await updateMyAccount(deps, { caller: auth, patch, ...(currentPassword !== undefined ? { currentPassword } : {}), expectedRevisions: ifMatch });
      return updated.ok ? getMe(deps, auth) : updated;
    });
    if (!result.ok) {
      if (result.error.code !== 'RESOURCE.PRECONDITION_FAILED') log.security('account.change_refused', { outcome: 'denied', reason: result.error.code });
      return fromDomainError(result.error, locale, requestId);
    }
    return { status: 200, body: result.value, headers: { etag: revisionEtag(result.value.revision) } };
  },
});
