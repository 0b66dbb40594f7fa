/** What one sweep moved (for the job's log line). */
export interface DueCheckinSweep {
  batches: number; advanced: number; opened: number; late: number; missed: number; created: number;
  /** Milliseconds spent moving rows, requesting risk recalculations and creating next instances. */
  ms: { transitions: number; risk: number; next: number };
}

/** Port: the set-based SQL of the sweep (packages/db/src/checkins/sweep.ts), in short system transactions of `batchSize` instances. */
export interface DueCheckinSweeper { sweepDue(input: { now: Date; batchSize: number }): Promise<DueCheckinSweep> }

/** Instances per sweep transaction. */
export const DUE_CHECKIN_SWEEP_BATCH = 5000;

/**
 * The `check_missed_checkins` job: moves every check-in whose next step is due (open, late, missed), creates the
 * next instance of those that closed and asks for their risk to be recalculated. The timing messages do this on
 * time; the sweep guarantees it when one is lost, early or delayed (DESIGN.md §7). Idempotent: a step already
 * taken is not due any more. Deliberate seam: the per-instance rules are the state machine's (state-machine.ts),
 * applied set-based behind the port.
 */
export function sweepDueCheckins(deps: { checkins: DueCheckinSweeper }, input: { now: Date }): Promise<DueCheckinSweep> {
  return deps.checkins.sweepDue({ now: input.now, batchSize: DUE_CHECKIN_SWEEP_BATCH });
}
