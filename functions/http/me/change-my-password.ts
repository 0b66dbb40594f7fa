import * as v from 'valibot';
import { changeMyPassword } from '@korevitta/domain';
import { fromDomainError, inAccountTx, registerHttp } from '@korevitta/platform';
import { ChangePasswordBody, reauthResponses } from './schemas.ts';

const Changed = v.strictObject({ changed: v.literal(true) });

export default registerHttp({
  name: 'me-change-my-password',
  operationId: 'changeMyPassword',
  method: 'POST',
  route: 'v1/me/password',
  summary: 'Change my password (current password required); ends every other session and tells my address',
  tag: 'Identity and access',
  auth: ['professional', 'patient'],
  body: ChangePasswordBody,
  responses: {
    200: { description: 'Changed; this session stays, every other one ended', schema: Changed },
    400: { description: 'Invalid request, or a new password outside the policy (AUTH.WEAK_PASSWORD with errors[])' },
    401: { description: 'Not authenticated' },
    ...reauthResponses,
  },
  handler: async ({ body, auth, rt, locale, requestId, clientIp, log }) => {
    const result = await inAccountTx(rt, { auth, requestId, clientIp }, (deps) => changeMyPassword(deps, { caller: auth, ...body }));
    if (!result.ok) {
      if (result.error.code !== 'AUTH.WEAK_PASSWORD') log.security('account.change_refused', { outcome: 'denied', reason: result.error.code });
      return fromDomainError(result.error, locale, requestId);
    }
    log.security('account.password_changed', { outcome: 'success', actor: auth.userId, tenant: auth.professionalId, otherSessionsEnded: result.value.revokedSessions });
    return { status: 200, body: { changed: true } };
  },
});
