import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { RISK_RECALC_COALESCE_MS, RISK_RECALC_STALE_MS, RISK_RECALCULATION_REQUESTED, type RiskRecalcReason, type RiskRecalculationRequests } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow } from '../rows.ts';

export interface RiskRecalculationRequestInput {
  items: readonly { patientId: string; professionalId: string }[];
  reason: RiskRecalcReason;
  now: Date;
  correlationId: string | null;
}

/**
 * Asks for the risk of some patients to be recalculated, in the caller's transaction (tenant: the app role may
 * only ask for its own tenant's patients, a patient only for itself; or system). Coalesced per patient: one
 * statement inserts the pending requests and, only for the rows it inserted, appends one outbox message each
 * on `critical`, delivered after RISK_RECALC_COALESCE_MS with a deterministic id (risk:<patientId>:<ms>).
 * While a request is pending, further events add nothing. A request pending for longer than
 * RISK_RECALC_STALE_MS (its message was lost) is re-armed with a new message. Returns the messages queued.
 */
export async function requestRiskRecalculation(tx: Tx, r: RiskRecalculationRequestInput): Promise<number> {
  const seen = new Set<string>();
  const items = r.items.filter((i) => !seen.has(i.patientId) && Boolean(seen.add(i.patientId)))
    .map((i) => ({ patient_id: i.patientId, professional_id: i.professionalId, outbox_id: uuidv7() }));
  if (items.length === 0) return 0;
  const now = r.now.toISOString();
  const deliverAt = new Date(r.now.getTime() + RISK_RECALC_COALESCE_MS).toISOString();
  const staleBefore = new Date(r.now.getTime() - RISK_RECALC_STALE_MS).toISOString();
  // No RETURNING on event_outbox: the app role may append to it, never read it.
  const row = firstRow<{ queued: number }>(await tx.execute(sql`
    with items as (
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(patient_id uuid, professional_id uuid, outbox_id uuid)
    ),
    requested as (
      insert into risk_recalc_requests as q (patient_id, professional_id, reason, requested_at, created_at, updated_at)
      select patient_id, professional_id, ${r.reason}, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz from items
      on conflict (patient_id) do update set reason = excluded.reason, requested_at = excluded.requested_at, updated_at = excluded.updated_at
        where q.requested_at < ${staleBefore}::timestamptz
      returning q.patient_id, q.professional_id
    ),
    queued as (
      insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, correlation_id, occurred_at, deliver_at, created_at, updated_at)
      select i.outbox_id, q.professional_id, 'critical', 'risk:' || q.patient_id::text || ':' || ${String(r.now.getTime())},
        ${RISK_RECALCULATION_REQUESTED}, 1, jsonb_build_object('patientId', q.patient_id), ${r.correlationId},
        ${now}::timestamptz, ${deliverAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from requested q join items i on i.patient_id = q.patient_id
    )
    select count(*)::int as queued from requested`));
  return Number(row?.queued ?? 0);
}

/** The domain's RiskRecalculationRequests port, bound to the caller's transaction and tenant. */
export function createRiskRecalculationRequests(tx: Tx, meta: { professionalId: string; now: Date; correlationId: string | null }): RiskRecalculationRequests {
  return {
    async request(patientIds, reason) {
      await requestRiskRecalculation(tx, { items: patientIds.map((patientId) => ({ patientId, professionalId: meta.professionalId })), reason, now: meta.now, correlationId: meta.correlationId });
    },
  };
}
