import type { CheckinAudit } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { recordAudit, type AuditActor } from '../audit.ts';

/** The domain's CheckinAudit port: recordAudit in the caller's transaction, actor and request bound. */
export function createCheckinAudit(tx: Tx, ctx: { professionalId: string; actor: AuditActor; requestId: string | null; now: Date }): CheckinAudit {
  return { record: (entry) => recordAudit(tx, { ...entry, professionalId: ctx.professionalId, actor: ctx.actor, requestId: ctx.requestId, occurredAt: ctx.now }) };
}
