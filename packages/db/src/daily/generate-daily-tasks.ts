import type { Database } from '../connection.ts';
import { withSystemBypass } from '../tenant.ts';
import { generateDailyTasksBatch, pickDailyTasksBatch } from './sql-plan.ts';

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
  /**
   * Batches written at once (issue 9): the next batch is picked while up to this many are being inserted,
   * each in its own short transaction on its own connection. Default 2; 1 is the sequential job.
   */
  workers?: number;
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
  const workers = Math.max(1, Math.floor(input.workers ?? 2));
  const total: GenerateDailyTasksResult = { batches: 0, patients: 0, inserted: 0 };
  const scope = input.professionalIds ? { professionalIds: input.professionalIds } : {};
  // The pick of the next batch is sequential (the keyset cursor) and cheap; the inserts, the expensive part,
  // run on up to `workers` connections at once. Batches hold disjoint patients, so they never conflict.
  const writing = new Set<Promise<void>>();
  let failure: unknown = null;
  let after: string | null = null;
  while (total.batches < maxBatches && failure === null) {
    const ids = await withSystemBypass(db, 'job: generate daily tasks (pick)', (tx) =>
      pickDailyTasksBatch(tx, { now: input.now, horizonDays, batchSize, afterPatientId: after, ...scope }));
    total.batches += 1;
    if (ids.length === 0) break;
    total.patients += ids.length;
    const write: Promise<void> = withSystemBypass(db, 'job: generate daily tasks', (tx) => generateDailyTasksBatch(tx, { now: input.now, horizonDays, patientIds: ids }))
      .then((batch) => { total.inserted += batch.inserted; }, (error: unknown) => { failure ??= error; })
      .finally(() => { writing.delete(write); });
    writing.add(write);
    if (writing.size >= workers) await Promise.race(writing);
    if (ids.length < batchSize) break;
    after = ids.at(-1)!;
  }
  await Promise.all(writing);
  if (failure !== null) throw failure;
  return total;
}
