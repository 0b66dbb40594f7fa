/** What one nightly run did (for the job's log line). */
export interface AllRiskRecalculated { writes: number; patients: number; statusChanges: number }

/** Port: the set-based nightly run (packages/db/src/risk/recalculate.ts): ranged reads, writes of `writeBatchSize` patients. */
export interface AllRiskRecalculator { recalculateAll(input: { now: Date; writeBatchSize: number }): Promise<AllRiskRecalculated> }

/** Patients per write transaction of the nightly run. */
export const NIGHTLY_RISK_WRITE_BATCH = 5000;

/**
 * The nightly risk recalculation, the safety net behind the event-driven one: every live patient is assessed again
 * at `now`. Idempotent (a status change is written, audited and emitted once; a rerun finds nothing to change).
 * Deliberate seam: the score and status rules are recalculation.ts and score.ts, applied to the rows the port reads.
 */
export function recalculateAllRisk(deps: { risk: AllRiskRecalculator }, input: { now: Date }): Promise<AllRiskRecalculated> {
  return deps.risk.recalculateAll({ now: input.now, writeBatchSize: NIGHTLY_RISK_WRITE_BATCH });
}
