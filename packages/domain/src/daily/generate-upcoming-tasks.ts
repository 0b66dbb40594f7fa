/** What one generation run did (for the job's log line). */
export interface UpcomingTasksGenerated { batches: number; patients: number; inserted: number }

/** Port: the set-based materialization (packages/db/src/daily/generate-daily-tasks.ts), one INSERT ... SELECT per batch of patients. */
export interface UpcomingTaskGenerator { generate(input: { now: Date; horizonDays: number; batchSize: number }): Promise<UpcomingTasksGenerated> }

/** Days after each patient's today that stay materialized. */
export const UPCOMING_TASK_HORIZON_DAYS = 7;
/** Patients per generation batch. */
export const UPCOMING_TASK_BATCH = 2000;

/**
 * The `generate_daily_tasks` job: keeps today + 7 days materialized for every patient with an active protocol, each
 * in its own time zone. Idempotent, so a failed or overlapping run is repaired by the next one (TEST-CATALOG 38).
 * Deliberate seam: which tasks a protocol plans is planned-tasks.ts (protocols), applied set-based behind the port.
 */
export function generateUpcomingTasks(deps: { dailyTasks: UpcomingTaskGenerator }, input: { now: Date }): Promise<UpcomingTasksGenerated> {
  return deps.dailyTasks.generate({ now: input.now, horizonDays: UPCOMING_TASK_HORIZON_DAYS, batchSize: UPCOMING_TASK_BATCH });
}
