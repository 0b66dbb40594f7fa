import { createCheckinAudit, createCheckinStore, createRiskRecalculationRequests, OutboxWriter, type Tx } from '@korevitta/db';
import type { CheckinActor, CheckinDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../identity/identity-deps.ts';

/** The ports of the check-in use cases over one tenant transaction; `now` fixed once per request. */
export function checkinDeps(tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): CheckinDeps {
  return {
    store: createCheckinStore(tx),
    audit: createCheckinAudit(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    outbox: new OutboxWriter(tx),
    risk: createRiskRecalculationRequests(tx, { professionalId: ctx.auth.professionalId, now: ctx.now, correlationId: ctx.requestId }),
    correlationId: ctx.requestId,
    now: ctx.now,
    newId: ids.newId,
  };
}

/**
 * The same ports in a system transaction (the timing consumer): no caller, the tenant is the instance's.
 * Audit rows name the system as actor.
 */
export function systemCheckinDeps(tx: Tx, ctx: { professionalId: string; correlationId: string | null; now: Date }): CheckinDeps {
  return {
    store: createCheckinStore(tx),
    audit: createCheckinAudit(tx, { professionalId: ctx.professionalId, actor: { userId: null, role: 'system' }, requestId: ctx.correlationId, now: ctx.now }),
    outbox: new OutboxWriter(tx),
    risk: createRiskRecalculationRequests(tx, { professionalId: ctx.professionalId, now: ctx.now, correlationId: ctx.correlationId }),
    correlationId: ctx.correlationId,
    now: ctx.now,
    newId: ids.newId,
  };
}

/** The domain's view of the caller. */
export const checkinActorOf = (a: AuthContext): CheckinActor => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });
