import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { RISK_STATUS_CHANGED, type PatientStatus, type RiskAssessment } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { maskChanges } from '../audit.ts';
import { rowsOf } from '../rows.ts';

export interface AssessmentToWrite {
  patientId: string;
  professionalId: string;
  assessment: RiskAssessment;
  previousStatus: PatientStatus;
  status: PatientStatus;
  lastActivityAt: Date | null;
}

/**
 * Writes a batch of assessments set-based: one UPDATE of patients (score, band, factors, computed_at, status,
 * last_activity_at), then, for the status changes only, one INSERT of audit rows and one of outbox events
 * (`patients.risk_status_changed` v1 on `default`: ids, from/to and the score, no other health value).
 * The patients are locked here, at write time (FOR NO KEY UPDATE, compatible with the KEY SHARE of inserts
 * that reference them), and the status moves only where it is still `previousStatus`: a status changed
 * meanwhile (paused by hand, moved by a concurrent recalculation) is left alone and not audited twice.
 * Returns the number of status changes.
 */
export async function writeRiskAssessments(tx: Tx, rows: readonly AssessmentToWrite[], meta: { now: Date; correlationId: string | null }): Promise<number> {
  if (rows.length === 0) return 0;
  const now = meta.now.toISOString();
  const values = rows.map((r) => ({
    id: r.patientId, score: r.assessment.score, band: r.assessment.band, factors: r.assessment.factors,
    from_status: r.previousStatus, status: r.status, last_activity_at: r.lastActivityAt?.toISOString() ?? null,
  }));
  const moved = rowsOf<{ id: string; before: PatientStatus; after: PatientStatus }>(await tx.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id uuid, score smallint, band text, factors jsonb, from_status text, status text, last_activity_at timestamptz)
    ),
    old as (select p.id, p.status from patients p join v on v.id = p.id order by p.id for no key update of p)
    update patients p set
      risk_score = v.score, risk_band = v.band, risk_factors = v.factors, risk_computed_at = ${now}::timestamptz,
      status = case when old.status = v.from_status then v.status else old.status end,
      status_changed_at = case when old.status = v.from_status and v.status <> v.from_status then ${now}::timestamptz else p.status_changed_at end,
      last_activity_at = greatest(p.last_activity_at, v.last_activity_at)
    from v join old on old.id = v.id
    where p.id = v.id
    returning p.id, old.status as before, p.status as after`)).filter((m) => m.before !== m.after);
  if (moved.length === 0) return 0;
  const byId = new Map(rows.map((r) => [r.patientId, r]));
  const changed = moved.flatMap((m) => {
    const r = byId.get(m.id);
    return r ? [{ ...r, previousStatus: m.before, status: m.after }] : [];
  });
  const events = changed.map((r) => ({
    audit_id: uuidv7(), outbox_id: uuidv7(), patient_id: r.patientId, professional_id: r.professionalId,
    changes: maskChanges({ status: { before: r.previousStatus, after: r.status }, riskScore: { after: r.assessment.score } }),
    message_id: `${RISK_STATUS_CHANGED}:${r.patientId}:${meta.now.getTime()}`,
    payload: { patientId: r.patientId, professionalId: r.professionalId, from: r.previousStatus, to: r.status, score: r.assessment.score },
  }));
  const json = JSON.stringify(events);
  await tx.execute(sql`
    insert into audit_log (id, professional_id, actor_user_id, actor_role, action, entity_type, entity_id, changes, request_id, occurred_at, created_at, updated_at)
    select e.audit_id, e.professional_id, null, 'system', 'patient.risk_status_changed', 'patient', e.patient_id, e.changes, ${meta.correlationId},
      ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as e(audit_id uuid, professional_id uuid, patient_id uuid, changes jsonb)`);
  await tx.execute(sql`
    insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, correlation_id, occurred_at, created_at, updated_at)
    select e.outbox_id, e.professional_id, 'default', e.message_id, ${RISK_STATUS_CHANGED}, 1, e.payload, ${meta.correlationId},
      ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as e(outbox_id uuid, professional_id uuid, message_id text, payload jsonb)`);
  return changed.length;
}
