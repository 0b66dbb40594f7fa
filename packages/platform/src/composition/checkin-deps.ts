import { createCheckinAudit, createCheckinStore, createRiskRecalculationRequests, OutboxWriter, type AuditActor, type Tx } from '@korevitta/db';
import type { CheckinActor, CheckinDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../ids.ts';

/**
 * The ports of the check-in use cases over one transaction, for one tenant and one actor (audit rows name it);
 * `now` fixed once per request or delivery.
 */
export function checkinPorts(tx: Tx, ctx: { professionalId: string; actor: AuditActor; correlationId: string | null; now: Date }): CheckinDeps {
  return {
    store: createCheckinStore(tx),
    audit: createCheckinAudit(tx, { professionalId: ctx.professionalId, actor: ctx.actor, requestId: ctx.correlationId, now: ctx.now }),
    outbox: new OutboxWriter(tx),
    risk: createRiskRecalculationRequests(tx, { professionalId: ctx.professionalId, now: ctx.now, correlationId: ctx.correlationId }),
    correlationId: ctx.correlationId,
    now: ctx.now,
    newId: ids.newId,
  };
}

/** For a request, in its tenant transaction: the caller is the actor. */
export const checkinDeps = (tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): CheckinDeps =>
  checkinPorts(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, correlationId: ctx.requestId, now: ctx.now });

/** For the timing consumer, in a system transaction: the tenant is the instance's, the system the actor. */
export const systemCheckinDeps = (tx: Tx, ctx: { professionalId: string; correlationId: string | null; now: Date }): CheckinDeps =>
  checkinPorts(tx, { professionalId: ctx.professionalId, actor: { userId: null, role: 'system' }, correlationId: ctx.correlationId, now: ctx.now });

/** The domain's view of the caller. */
export const checkinActorOf = (a: AuthContext): CheckinActor => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });
