import { type NotificationPreferences } from './types.ts';

export type StoredPreferences = NotificationPreferences & { updatedAt: Date | null };
