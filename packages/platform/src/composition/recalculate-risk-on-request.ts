import { sql } from 'drizzle-orm';
import { recalculateRiskFor, withSystemBypass } from '@korevitta/db';
import type { Runtime } from '../runtime.ts';
import { applyOnce } from '../queue/apply-once.ts';

export const RECALCULATE_RISK_CONSUMER = 'recalculate-risk-score';

export interface RecalculateRiskOutcome { outcome: 'processed' | 'skipped_duplicate' | 'skipped_missing'; statusChanged: boolean }

/**
 * Consumer of `risk.recalculation_requested`, in one system transaction with the consumer inbox: deletes the
 * patient's pending request FIRST (an event committed while this runs then queues a new request instead of
 * coalescing into this one), then recalculates the patient. A redelivered message changes nothing; a deleted
 * patient is skipped.
 */
export async function recalculateRiskOnRequest(rt: Pick<Runtime, 'db'>, input: { patientId: string; deliveryId: string; correlationId: string | null; now: Date }): Promise<RecalculateRiskOutcome> {
  return withSystemBypass(rt.db, 'consumer: recalculate risk score (reads the patient’s tasks, water logs and check-ins)', async (tx) => {
    if (!(await applyOnce(tx, RECALCULATE_RISK_CONSUMER, input.deliveryId))) return { outcome: 'skipped_duplicate', statusChanged: false };
    await tx.execute(sql`delete from risk_recalc_requests where patient_id = ${input.patientId}::uuid`);
    const r = await recalculateRiskFor(tx, { target: { kind: 'ids', patientIds: [input.patientId] }, now: input.now, correlationId: input.correlationId });
    return { outcome: r.patients === 0 ? 'skipped_missing' : 'processed', statusChanged: r.statusChanges > 0 };
  });
}
