import type { Database } from '../connection.ts';
import { withSystemBypass } from '../tenant.ts';
import { activePatientRanges, generateDailyTasksBatch } from './sql-plan.ts';

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
   * Concurrent sweeps over disjoint ranges of patient ids (issue 9): each keeps its own keyset cursor and
   * transactions, so the database works on as many batches at once. Default 2 (the job's instance and its
   * database have two cores or more) for the full sweep, 1 (sequential) for a sweep of some tenants.
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
  const workers = Math.max(1, Math.floor(input.workers ?? (input.professionalIds ? 1 : 2)));
  const total: GenerateDailyTasksResult = { batches: 0, patients: 0, inserted: 0 };
  const scope = input.professionalIds ? { professionalIds: input.professionalIds } : {};
  // Range starts: the first active protocol's patient of each of `workers` equal slices (one index-only pass).
  const starts = workers === 1 ? [] : await withSystemBypass(db, 'job: generate daily tasks (ranges)', (tx) => activePatientRanges(tx, workers, input.professionalIds));
  const bounds = [null, ...starts.slice(1)];
  const sweep = async (from: string | null, until: string | null) => {
    let after = from;
    while (total.batches < maxBatches) {
      const batch = await withSystemBypass(db, 'job: generate daily tasks', (tx) =>
        generateDailyTasksBatch(tx, { now: input.now, horizonDays, batchSize, afterPatientId: after, untilPatientId: until, ...scope }));
      total.batches += 1;
      total.patients += batch.patients;
      total.inserted += batch.inserted;
      if (batch.patients < batchSize || batch.lastPatientId === null) break;
      after = batch.lastPatientId;
    }
  };
  // Worker k covers (start_k - 1 .. start_{k+1}): "after" is exclusive, so each starts just before its first id.
  await Promise.all(bounds.map((_, k) => sweep(k === 0 ? null : beforeId(bounds[k]!), bounds[k + 1] ?? null)));
  return total;
}

/** The uuid just before `id` in uuid order (the keyset cursor is exclusive). */
function beforeId(id: string): string {
  const hex = id.replace(/-/g, '');
  const n = BigInt(`0x${hex}`) - 1n;
  const h = n.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
