import { invalid, ok, type Result } from '../shared/result.ts';
import type { CommunicationDeps } from './ports.ts';
import { isValidQuietPeriod } from './rules.ts';
import { MAX_QUIET_PERIOD_MINUTES, type Caller, type NotificationPreferences } from './types.ts';
import type { StoredPreferences } from './preferences.ts';
import { getNotificationPreferences } from './get-notification-preferences.ts';

/** Replaces the caller's preferences; a change is audited (the values are settings, not personal data). */
export async function updateNotificationPreferences(deps: CommunicationDeps, caller: Caller, next: NotificationPreferences): Promise<Result<StoredPreferences, 'REQUEST.VALIDATION'>> {
  if (!isValidQuietPeriod(next.quietPeriodMinutes)) return invalid({ pointer: '/body/quietPeriodMinutes', code: 'out_of_range', params: { min: 0, max: MAX_QUIET_PERIOD_MINUTES, unit: 'minutes' } });
  const current = await getNotificationPreferences(deps, caller);
  const changes: Record<string, { before?: unknown; after?: unknown }> = {};
  if (current.emailOnMessage !== next.emailOnMessage) changes.messageAlerts = { before: current.emailOnMessage, after: next.emailOnMessage };
  if (current.quietPeriodMinutes !== next.quietPeriodMinutes) changes.quietPeriodMinutes = { before: current.quietPeriodMinutes, after: next.quietPeriodMinutes };
  if (Object.keys(changes).length === 0 && current.updatedAt !== null) return ok(current);
  await deps.preferences.upsert({ ...next, userId: caller.userId, professionalId: caller.professionalId, now: deps.now });
  if (Object.keys(changes).length > 0) await deps.audit.record({ action: 'notification_preferences.updated', entityType: 'user', entityId: caller.userId, changes });
  return ok({ ...next, updatedAt: deps.now });
}
