import { recalculateRisk } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
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

export interface NightlyRiskInput {
  /** Fixed once by the caller (STYLE.md rule 9). */
  now: Date;
  /** Patients per write transaction (one UPDATE, and the audit/outbox rows of its status changes). */
  writeBatchSize?: number;
  /** Restricts the run to some tenants (a per-tenant rerun; tests that must own their data). */
  professionalIds?: readonly string[];
}

export interface NightlyRiskResult { writes: number; patients: number; statusChanges: number }

/**
 * The nightly safety net: ONE read of every live patient's signals (a single pass over the recent window of
 * tasks, completions, water logs and check-ins: hash joins over what the BRIN indexes and partition bounds
 * select, instead of a probe per patient), the assessments in the domain, then short write transactions of
 * `writeBatchSize` patients in id order. The read takes no lock; each write locks its rows and moves a status
 * only if nobody moved it since the read (then the next event or night catches up). Idempotent.
 */
export async function recalculateRiskNightly(db: Database, input: NightlyRiskInput): Promise<NightlyRiskResult> {
  const writeBatchSize = input.writeBatchSize ?? 5000;
  const target: RiskTarget = { kind: 'all', ...(input.professionalIds ? { professionalIds: input.professionalIds } : {}) };
  const read = await withSystemBypass(db, 'job: nightly risk recalculation (read)', (tx) => readRiskSignals(tx, target, input.now, { lock: false }));
  const rows = assess(read);
  const total: NightlyRiskResult = { writes: 0, patients: rows.length, statusChanges: 0 };
  for (let i = 0; i < rows.length; i += writeBatchSize) {
    const chunk = rows.slice(i, i + writeBatchSize);
    total.statusChanges += await withSystemBypass(db, 'job: nightly risk recalculation (write)', (tx) => writeRiskAssessments(tx, chunk, { now: input.now, correlationId: null }));
    total.writes += 1;
  }
  return total;
}
