import type { AuditTrail, ProtocolDeps, TaskRegenerator } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { recordAudit, type AuditActor } from '../audit.ts';
import { materializeTasksForPatient } from '../daily/materialize.ts';
import { createProtocolStore } from './protocol-store.ts';
import { createProtocolTemplateStore } from './template-store.ts';

export interface ProtocolRequestContext {
  professionalId: string;
  actor: AuditActor;
  requestId: string | null;
  now: Date;
  newId: () => string;
}

/** The real task regeneration: daily execution's set-based materialization, in the same transaction. */
export const materializingTasks = (tx: Tx, now: Date): TaskRegenerator => ({
  async regenerate(patientId) {
    await materializeTasksForPatient(tx, { patientId, now });
  },
});

export function createAuditTrail(tx: Tx, ctx: ProtocolRequestContext): AuditTrail {
  return {
    record: (entry) => recordAudit(tx, { ...entry, professionalId: ctx.professionalId, actor: ctx.actor, requestId: ctx.requestId, occurredAt: ctx.now }),
  };
}

/** Everything the protocol use cases need, bound to one tenant transaction. */
export function createProtocolDeps(tx: Tx, ctx: ProtocolRequestContext, tasks: TaskRegenerator = materializingTasks(tx, ctx.now)): ProtocolDeps {
  return {
    protocols: createProtocolStore(tx),
    templates: createProtocolTemplateStore(tx),
    tasks,
    audit: createAuditTrail(tx, ctx),
    ids: { newId: ctx.newId },
  };
}
