import { createPatientAuditTrail, createInviteRequestLedger, createPatientRepository, createPatientRiskAssessor, OutboxWriter, type Tx } from '@korevitta/db';
import type { InviteDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../ids.ts';

/**
 * The ports of the patient use cases over one tenant transaction: repository, audit trail (actor and
 * request id bound), quota ledger and outbox, all committing together; `now` fixed once per request.
 */
export function patientDeps(tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): InviteDeps {
  return {
    patients: createPatientRepository(tx),
    audit: createPatientAuditTrail(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    risk: createPatientRiskAssessor(tx, { now: ctx.now, correlationId: ctx.requestId }),
    ledger: createInviteRequestLedger(tx),
    outbox: new OutboxWriter(tx),
    correlationId: ctx.requestId,
    now: ctx.now,
    newId: ids.newId,
  };
}

