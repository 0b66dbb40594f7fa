import { logOut } from '@korevitta/domain';
import { identityDeps, registerHttp } from '@korevitta/platform';

export default registerHttp({
  name: 'auth-logout',
  operationId: 'logout',
  method: 'POST',
  route: 'v1/auth/logout',
  summary: "Revoke the caller's session (its refresh-token family)",
  tag: 'Identity and access',
  auth: ['professional', 'patient'],
  responses: { 204: { description: 'Session revoked; the access token expires on its own within its TTL' }, 401: { description: 'Not authenticated' } },
  handler: async ({ auth, rt }) => {
    await logOut(identityDeps(rt), { sessionId: auth.sessionId, userId: auth.userId });
    rt.log.security('auth.logout', { outcome: 'success', actor: auth.userId, tenant: auth.professionalId });
    return { status: 204 };
  },
});
