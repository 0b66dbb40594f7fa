import { updateNotificationPreferences } from '@korevitta/domain';
import { callerOf, fromDomainError, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { errorResponses, Preferences, PreferencesBody } from './schemas.ts';

export default registerHttp({
  name: 'notification-preferences-update',
  operationId: 'updateNotificationPreferences',
  method: 'PUT',
  route: 'v1/me/notification-preferences',
  summary: 'Replace my e-mail alert preferences: new-message alerts on or off, and the quiet period (0–1440 minutes) per conversation',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional', 'patient'],
  body: PreferencesBody,
  responses: { 200: { description: 'My saved preferences', schema: Preferences }, ...errorResponses },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const result = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      updateNotificationPreferences(deps, callerOf(auth), body));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const p = result.value;
    return { status: 200, body: { emailOnMessage: p.emailOnMessage, quietPeriodMinutes: p.quietPeriodMinutes, updatedAt: p.updatedAt?.toISOString() ?? null } };
  },
});
