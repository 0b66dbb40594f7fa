import { recalculateRisk, type PatientRiskAssessor, type PatientStatus, type RiskBand } from '@korevitta/domain';
import { sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { firstRow, rowsOf } from '../rows.ts';
import { readRiskSignals, type PatientRiskSignals, type RiskTarget } from './signals-sql.ts';
import { writeRiskAssessments, type AssessmentToWrite } from './write-assessments.ts';

export interface RiskRecalculationResult { patients: number; statusChanges: number }

const assess = (read: PatientRiskSignals[]): AssessmentToWrite[] => read.map((p) => {
  const r = recalculateRisk(p.status, p.signals);
  return { patientId: p.patientId, professionalId: p.professionalId, assessment: r.assessment, previousStatus: r.previousStatus, status: r.status, lastActivityAt: p.lastActivityAt };
});

/**
 * Recalculates the risk of some patients in the caller's (system) transaction: signals in one statement,
 * computeRisk + nextStatus in the domain (pure), then one set-based write that locks the rows. Idempotent:
 * the same facts give the same assessment, and a status that did not change is neither audited nor emitted.
 */
export async function recalculateRiskFor(tx: Tx, input: { target: RiskTarget; now: Date; correlationId: string | null }): Promise<RiskRecalculationResult> {
  const rows = assess(await readRiskSignals(tx, input.target, input.now, { lock: false }));
  const statusChanges = await writeRiskAssessments(tx, rows, { now: input.now, correlationId: input.correlationId });
  return { patients: rows.length, statusChanges };
}

/** work_mem of a nightly read transaction: its per-patient groupings hash in memory instead of spilling to disk with
 * the server default of 4 MB (100,000 patients in one read: ~55 MB each). Measured: 256 MB on one read of everyone
 * makes the planner hash all 3.1 M summary rows instead of probing them per patient, which is slower. */
const NIGHTLY_WORK_MEM = '64MB';

export interface NightlyRiskInput {
  /** Fixed once by the caller (STYLE.md rule 9). */
  now: Date;
  /** Patients per write transaction (one UPDATE, and the audit/outbox rows of its status changes). */
  writeBatchSize?: number;
  /** Patients per read: the run is cut into id ranges of about this size (default 25,000). */
  readBatchSize?: number;
  /** Ranges processed at once, each on its own connection (default 2: read one range while writing another). */
  concurrency?: number;
  /** Restricts the run to some tenants (a per-tenant rerun; tests that must own their data). */
  professionalIds?: readonly string[];
}

export interface NightlyRiskResult { writes: number; patients: number; statusChanges: number }

/**
 * The nightly safety net, set-based: the live patients are cut into id ranges of about `readBatchSize` (one
 * index-only pass over patients). Each range is ONE read of its patients' signals (31 rows each of the per-day
 * summary daily_adherence_days and their recent check-ins; no row lock), the assessments in the domain, then short
 * write transactions of `writeBatchSize` patients in id order. `concurrency` ranges run at once on their own
 * connections, so one range is read while another is written (disjoint ranges: their writes never wait on each
 * other). Each write locks its rows and moves a status only if nobody moved it since the read (then the next
 * event or night catches up). Idempotent.
 */
export async function recalculateRiskNightly(db: Database, input: NightlyRiskInput): Promise<NightlyRiskResult> {
  const writeBatchSize = input.writeBatchSize ?? 5000;
  const readBatchSize = input.readBatchSize ?? 25_000;
  const tenants = input.professionalIds ? { professionalIds: input.professionalIds } : {};
  const bounds = await withSystemBypass(db, 'job: nightly risk recalculation (ranges)', async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
    select id from (
      select p.id, row_number() over (order by p.id) as n from patients p
      where p.deleted_at is null ${input.professionalIds ? sql`and p.professional_id in (${sql.join(input.professionalIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}
    ) x where n % ${readBatchSize}::int = 0 order by id`)).map((r) => r.id));
  const ranges = [...bounds, null].map((through, i) => ({ afterPatientId: i === 0 ? null : bounds[i - 1] ?? null, throughPatientId: through }));
  const total: NightlyRiskResult = { writes: 0, patients: 0, statusChanges: 0 };
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < ranges.length) {
      const range = ranges[next++];
      if (!range) break;
      const target: RiskTarget = { kind: 'all', ...tenants, ...range };
      const read = await withSystemBypass(db, 'job: nightly risk recalculation (read)', async (tx) => {
        // The per-patient groupings hash in memory instead of spilling to disk; this transaction only.
        await tx.execute(sql`select set_config('work_mem', ${NIGHTLY_WORK_MEM}, true)`);
        return readRiskSignals(tx, target, input.now, { lock: false });
      });
      const rows = assess(read);
      total.patients += rows.length;
      for (let i = 0; i < rows.length; i += writeBatchSize) {
        const chunk = rows.slice(i, i + writeBatchSize);
        // Await first, then add: `total.x += await …` would read total.x before the other worker's await resumes.
        const changed = await withSystemBypass(db, 'job: nightly risk recalculation (write)', (tx) => writeRiskAssessments(tx, chunk, { now: input.now, correlationId: null }));
        total.statusChanges += changed;
        total.writes += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 2) }, async () => {
    try { await worker(); } catch (error) { failed = true; throw error; }
  }));
  return total;
}

/**
 * The domain's PatientRiskAssessor inside the caller's transaction (a tenant one: RLS limits it to the
 * practice's patients): the same recalculation as the consumer and the nightly run, for one patient,
 * then the stored score, band and status.
 */
export function createPatientRiskAssessor(tx: Tx, meta: { now: Date; correlationId: string | null }): PatientRiskAssessor {
  return {
    async assess(patientId) {
      await recalculateRiskFor(tx, { target: { kind: 'ids', patientIds: [patientId] }, now: meta.now, correlationId: meta.correlationId });
      const row = firstRow<{ risk_score: number | null; risk_band: RiskBand | null; status: PatientStatus }>(await tx.execute(sql`
        select risk_score, risk_band, status from patients where id = ${patientId}::uuid`));
      return row && row.risk_score !== null && row.risk_band !== null ? { riskScore: Number(row.risk_score), riskBand: row.risk_band, status: row.status } : null;
    },
  };
}
