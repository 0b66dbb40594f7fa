import type { CheckinStore } from './ports.ts';
import type { CheckinStatus } from './state-machine.ts';
import type { CheckinActor, CheckinView } from './types.ts';
import { DEFAULT_INBOX_STATUSES } from './inbox.ts';

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
