import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinStore } from './ports.ts';
import type { CheckinStatus } from './state-machine.ts';
import type { CheckinActor, CheckinDetail, CheckinView } from './types.ts';

/** One check-in (RLS: the practice's for a professional, its own for a patient). */
export async function getCheckin(deps: { store: CheckinStore }, checkinId: string): Promise<Result<CheckinDetail, 'CHECKIN.NOT_FOUND'>> {
  const detail = await deps.store.findCheckin(checkinId);
  return detail ? ok(detail) : fail('CHECKIN.NOT_FOUND');
}

/** What the professional's inbox shows when no status is asked for: answers waiting for review. */
export const DEFAULT_INBOX_STATUSES: readonly CheckinStatus[] = ['submitted'];

/**
 * The professional's inbox, oldest first (answered check-ins by answer time, so the longest-waiting review
 * leads; the others by due time), or the patient's own check-ins, newest due first.
 */
export async function listCheckins(
  deps: { store: CheckinStore },
  actor: CheckinActor,
  q: { statuses: readonly CheckinStatus[] | null; patientId: string | null; after: { key: string; id: string } | null; limit: number; now: Date },
): Promise<(CheckinView & { cursorKey: string })[]> {
  if (actor.role === 'patient') {
    return deps.store.listCheckins({ statuses: q.statuses ?? [], patientId: actor.patientId, after: q.after, limit: q.limit, now: q.now, order: 'newest' });
  }
  return deps.store.listCheckins({ statuses: q.statuses ?? DEFAULT_INBOX_STATUSES, patientId: q.patientId, after: q.after, limit: q.limit, now: q.now, order: 'inbox' });
}
