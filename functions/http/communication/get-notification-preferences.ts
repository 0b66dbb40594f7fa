import { getNotificationPreferences } from '@korevitta/domain';
import { callerOf, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { errorResponses, Preferences } from './schemas.ts';

export default registerHttp({
  name: 'notification-preferences-get',
  operationId: 'getNotificationPreferences',
  method: 'GET',
  route: 'v1/me/notification-preferences',
  summary: 'My e-mail alert preferences (defaults until saved: alerts on, 30-minute quiet period per conversation)',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional', 'patient'],
  responses: { 200: { description: 'My preferences (updatedAt null = defaults)', schema: Preferences }, ...errorResponses },
  handler: async ({ auth, rt, requestId }) => {
    const prefs = await withCommunicationDeps({ rt, auth, requestId }, (deps) => getNotificationPreferences(deps, callerOf(auth)));
    return { status: 200, body: { emailOnMessage: prefs.emailOnMessage, quietPeriodMinutes: prefs.quietPeriodMinutes, updatedAt: prefs.updatedAt?.toISOString() ?? null } };
  },
});
