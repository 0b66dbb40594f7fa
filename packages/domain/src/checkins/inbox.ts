import type { CheckinStatus } from './state-machine.ts';

/** What the professional's inbox shows when no status is asked for: answers waiting for review. */
export const DEFAULT_INBOX_STATUSES: readonly CheckinStatus[] = ['submitted'];
