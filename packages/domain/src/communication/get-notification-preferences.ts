import type { PreferenceStore } from './ports.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES, type Caller } from './types.ts';
import type { StoredPreferences } from './preferences.ts';

/** The caller's preferences, or the defaults (updatedAt null) when it never saved any. */
export async function getNotificationPreferences(deps: { preferences: PreferenceStore }, caller: Caller): Promise<StoredPreferences> {
  return (await deps.preferences.find(caller.userId)) ?? { ...DEFAULT_NOTIFICATION_PREFERENCES, updatedAt: null };
}
