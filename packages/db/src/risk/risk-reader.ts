import { sql } from 'drizzle-orm';
import { RISK_FACTORS, type PatientRiskReader, type PatientStatus, type RiskAssessment, type RiskBand, type RiskFactor } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow } from '../rows.ts';
import { readRiskSignals } from './signals-sql.ts';

interface Row { status: PatientStatus; risk_score: number | null; risk_band: RiskBand | null; risk_factors: unknown; risk_computed_at: Date | string | null }

const isFactor = (x: unknown): x is RiskFactor => {
  if (x === null || typeof x !== 'object') return false;
  const f = x as Record<string, unknown>;
  return RISK_FACTORS.some((n) => n === f.factor) && typeof f.contribution === 'number' && typeof f.explanation === 'string'
    && (f.value === null || typeof f.value === 'number');
};

/** Stored factors as written by writeRiskAssessments; anything else reads as "never assessed". */
function storedAssessment(r: Row): RiskAssessment | null {
  const factors: unknown = typeof r.risk_factors === 'string' ? JSON.parse(r.risk_factors) : r.risk_factors;
  if (r.risk_score === null || r.risk_band === null || !Array.isArray(factors) || !factors.every(isFactor)) return null;
  return { score: Number(r.risk_score), band: r.risk_band, factors: factors.map((f) => ({ factor: f.factor, value: f.value, contribution: f.contribution, explanation: f.explanation })) };
}

/** The domain's PatientRiskReader inside the caller's tenant transaction: RLS decides which patient it sees. */
export function createPatientRiskReader(tx: Tx): PatientRiskReader {
  return {
    async stored(patientId) {
      const r = firstRow<Row>(await tx.execute(sql`
        select status, risk_score, risk_band, risk_factors, risk_computed_at from patients where id = ${patientId}::uuid and deleted_at is null`));
      if (!r) return null;
      const assessment = storedAssessment(r);
      return { status: r.status, assessment, computedAt: assessment && r.risk_computed_at !== null ? new Date(r.risk_computed_at) : null };
    },
    async signals(patientId, now) {
      const [row] = await readRiskSignals(tx, { kind: 'ids', patientIds: [patientId] }, now, { lock: false });
      return row?.signals ?? null;
    },
  };
}
