import { fail, type Result } from '../shared/result.ts';
import { applyCommand, type Applied } from './lifecycle.ts';
import type { CheckinDeps } from './ports.ts';
import type { CheckinRejection } from './state-machine.ts';
import type { CheckinActor, CheckinDetail } from './types.ts';
import { withDetail } from './checkin-detail.ts';

export type ReviewError = CheckinRejection | 'CHECKIN.NOT_FOUND';

/** The professional reviews a submitted check-in with optional notes; audited (the notes masked). */
export async function reviewCheckin(
  deps: CheckinDeps,
  actor: CheckinActor,
  input: { checkinId: string; notes: string | null },
): Promise<Result<{ detail: CheckinDetail; applied: Applied }, ReviewError>> {
  const locked = await deps.store.lockInstance(input.checkinId);
  if (!locked || locked.professionalId !== actor.professionalId) return fail('CHECKIN.NOT_FOUND');
  const applied = await applyCommand(deps, locked, { type: 'review', reviewerId: actor.userId ?? actor.professionalId, notes: input.notes });
  if (!applied.ok) return { ok: false, error: applied.error };
  const reviewed = applied.value.state;
  await deps.audit.record({
    action: 'checkin.reviewed',
    entityType: 'checkin',
    entityId: input.checkinId,
    changes: {
      status: { before: applied.value.before.status, after: reviewed.status },
      ...(reviewed.status === 'reviewed' && reviewed.reviewNotes !== null ? { reviewNotes: { after: reviewed.reviewNotes } } : {}),
    },
  });
  return withDetail(deps, input.checkinId, applied.value);
}
