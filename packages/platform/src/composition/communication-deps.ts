import { createCommunicationAudit, createPreferenceStore, createThreadStore, OutboxWriter, type Tx } from '@korevitta/db';
import type { Caller, CommunicationDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../ids.ts';

/** The ports of the communication use cases over one tenant transaction; `now` fixed once per request. */
export function communicationDeps(tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): CommunicationDeps {
  return {
    threads: createThreadStore(tx),
    preferences: createPreferenceStore(tx),
    audit: createCommunicationAudit(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    outbox: new OutboxWriter(tx),
    correlationId: ctx.requestId,
    now: ctx.now,
    newId: ids.newId,
  };
}

/** The domain's view of the caller. */
export const callerOf = (a: AuthContext): Caller => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });
