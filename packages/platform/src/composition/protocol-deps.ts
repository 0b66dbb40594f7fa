import { createProtocolStore, createProtocolTemplateStore, materializeTasksForPatient, recordAudit, type AuditActor, type Tx } from '@korevitta/db';
import type { AuditTrail, ProtocolDeps, TaskRegenerator } from '@korevitta/domain';

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

type TaskRegeneratorFactory = (tx: Tx, now: Date) => TaskRegenerator;

/**
 * Where protocol changes reach daily execution: activation, a new version of the active protocol and
 * archiving the active protocol regenerate the patient's tasks in the same transaction. The default is
 * the real materialization (@korevitta/db materializeTasksForPatient).
 */
let taskRegenerator: TaskRegeneratorFactory = materializingTasks;

/** Tests only: swap the task regenerator (returns a function that restores the previous one). */
export function overrideTaskRegenerator(replacement: TaskRegeneratorFactory): () => void {
  const previous = taskRegenerator;
  taskRegenerator = replacement;
  return () => { taskRegenerator = previous; };
}

/** The task regenerator requests use (the real one unless a test swapped it). */
export const requestTaskRegenerator = (tx: Tx, now: Date): TaskRegenerator => taskRegenerator(tx, now);
