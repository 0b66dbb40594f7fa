import { sql } from 'drizzle-orm';
import type { Tx } from '../tenant.ts';
import { firstRow } from '../rows.ts';
import { activeTargets, DEFAULT_HORIZON_DAYS, insertPlanned, jitOff, MAX_DAYS } from './sql-plan.ts';

// The daily-execution surface of @korevitta/db (packages/db/src/index.ts exports this file).
export { DEFAULT_HORIZON_DAYS, HYDRATION_TASK_TITLE, generateDailyTasksBatch, type GenerateBatchResult } from './sql-plan.ts';
export * from './generate-daily-tasks.ts';
export * from './daily-store.ts';

export interface MaterializeInput {
  patientId: string;
  /** The patient's local date to start at (YYYY-MM-DD); default: the patient's today at `now`. */
  fromDate?: string;
  /** How many days from `fromDate`; default: today and the next 7 days (8). */
  days?: number;
  now: Date;
}

/**
 * Materializes the daily tasks of the patient's active protocol version, set-based. Called by the protocol
 * engine in its own transaction (tenant or system) on activation, on a new version and on archive.
 *
 * Regeneration rule: tasks of the patient's today and later that are NOT completed and do not come from
 * the current version of the active protocol (an older version, another protocol, or none active any more)
 * are deleted, then the current version is inserted with ON CONFLICT DO NOTHING. Past days and completed
 * tasks stay, pointing at the version they were done under (a completed task keeps its key, so the new
 * version's task of the same key is not inserted beside it). Returns the number of tasks inserted.
 */
export async function materializeTasksForPatient(tx: Tx, input: MaterializeInput): Promise<number> {
  const now = input.now.toISOString();
  const days = Math.min(Math.max(Math.trunc(input.days ?? DEFAULT_HORIZON_DAYS + 1), 1), MAX_DAYS);
  await tx.execute(jitOff);
  await tx.execute(sql`
    delete from daily_tasks dt using patients p
    where p.id = ${input.patientId}::uuid and dt.patient_id = p.id
      and dt.task_date >= (${now}::timestamptz at time zone p.timezone)::date
      and not exists (select 1 from daily_task_completions c where c.task_id = dt.id)
      and not exists (
        select 1 from protocols pr
        where pr.id = dt.protocol_id and pr.patient_id = p.id and pr.status = 'active' and pr.deleted_at is null
          and pr.current_version = dt.protocol_version)`);
  const row = firstRow<{ inserted: number }>(await tx.execute(sql`
    with ${insertPlanned(activeTargets(sql`p.id = ${input.patientId}::uuid`), { now, fromDate: input.fromDate ?? null, days })}
    select count(*)::int as inserted, (select count(*)::int from horizon) as horizons from ins`));
  return Number(row?.inserted ?? 0);
}

