import { sql } from 'drizzle-orm';
import { firstRow, withSystemBypass } from '@korevitta/db';
import { advanceCheckin, type CheckinStepPayload, type TimingOutcome } from '@korevitta/domain';
import type { Runtime } from '../runtime.ts';
import { systemCheckinDeps } from './checkin-deps.ts';

/**
 * The consumer side of a scheduled timing message: one system transaction that locks the instance and lets the
 * state machine decide. Idempotent by construction (a step already taken decides no events), so it needs no
 * inbox row: a duplicate, a replay or a message after the sweep changes nothing.
 */
export async function advanceCheckinStep(rt: Runtime, p: CheckinStepPayload & { correlationId: string | null; now: Date }): Promise<{ outcome: TimingOutcome; events: string[] }> {
  return withSystemBypass(rt.db, 'consumer: advance checkin', async (tx) => {
    const owner = firstRow<{ professional_id: string }>(await tx.execute(sql`
      select professional_id from checkins where patient_id = ${p.patientId}::uuid and due_at = ${p.dueAt}::timestamptz and id = ${p.checkinId}::uuid`));
    if (!owner) return { outcome: 'gone' as const, events: [] };
    return advanceCheckin(systemCheckinDeps(tx, { professionalId: owner.professional_id, correlationId: p.correlationId, now: p.now }), { checkinId: p.checkinId, step: p.step });
  });
}
