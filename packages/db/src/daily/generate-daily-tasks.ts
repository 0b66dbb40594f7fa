import type { Database } from '../connection.ts';
import { withSystemBypass } from '../tenant.ts';
import { generateDailyTasksBatch } from './sql-plan.ts';

export interface GenerateDailyTasksInput {
  /** Fixed once by the caller (STYLE.md rule 9): every patient's "today" is this instant in its time zone. */
  now: Date;
  /** Days after today to keep materialized (today + horizonDays). */
  horizonDays?: number;
  /** Patients per batch (one INSERT ... SELECT per batch, one short transaction per batch). */
  batchSize?: number;
  /** Safety bound on one run; the next run continues (it is an idempotent sweep). */
  maxBatches?: number;
  /** Restricts the sweep to some tenants (a per-tenant rerun; tests that must own their data). */
  professionalIds?: readonly string[];
}

export interface GenerateDailyTasksResult { batches: number; patients: number; inserted: number }

/**
 * The `generate_daily_tasks` job: keeps today + horizon materialized for every patient with an active
 * protocol. Set-based, idempotent and safe to run twice or concurrently (ON CONFLICT DO NOTHING on
 * (patient_id, task_date, task_key); rows inserted in key order). System handle: a job over all tenants.
 */
export async function generateDailyTasks(db: Database, input: GenerateDailyTasksInput): Promise<GenerateDailyTasksResult> {
  const horizonDays = input.horizonDays ?? 7;
  const batchSize = input.batchSize ?? 2000;
  const maxBatches = input.maxBatches ?? 10_000;
  let after: string | null = null;
  const total: GenerateDailyTasksResult = { batches: 0, patients: 0, inserted: 0 };
  while (total.batches < maxBatches) {
    const batch = await withSystemBypass(db, 'job: generate daily tasks', (tx) =>
      generateDailyTasksBatch(tx, { now: input.now, horizonDays, batchSize, afterPatientId: after, ...(input.professionalIds ? { professionalIds: input.professionalIds } : {}) }));
    total.batches += 1;
    total.patients += batch.patients;
    total.inserted += batch.inserted;
    if (batch.patients < batchSize || batch.lastPatientId === null) break;
    after = batch.lastPatientId;
  }
  return total;
}
