import { fail, ok, type Result } from '../shared/result.ts';
import { decideActivation, supersede, type ExpectedRowVersion } from './lifecycle.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

type ActivateError = 'PROTOCOL.NOT_FOUND' | 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ALREADY_ACTIVE' | 'PROTOCOL.ARCHIVED' | 'PROTOCOL.ACTIVATION_CONFLICT';

/**
 * Activates a draft (seed §10.1): snapshots it as its first version, archives the patient's previous
 * active protocol and materializes daily tasks, all in the caller's transaction. Activations of one
 * patient are serialized; one that finds a different active protocol once it holds the lock than the one
 * it saw before (a concurrent activation won) fails with PROTOCOL.ACTIVATION_CONFLICT and changes nothing.
 * The partial unique index (one active per patient) stays the last line of defence.
 */
export async function activateProtocol(
  deps: ProtocolDeps,
  cmd: { caller: ProtocolCaller; protocolId: string; expectedRowVersion: ExpectedRowVersion; now: Date },
): Promise<Result<{ protocol: Protocol; archivedPreviousId: string | null }, ActivateError>> {
  const current = await deps.protocols.findForUpdate(cmd.protocolId);
  if (!current) return fail('PROTOCOL.NOT_FOUND');
  const decided = decideActivation(current, cmd);
  if (!decided.ok) return decided;
  const { next, version } = decided.value;
  const seen = await deps.protocols.findActive(current.patientId, current.id);
  await deps.protocols.lockActivation(current.patientId);
  const active = await deps.protocols.findActiveForUpdate(current.patientId, current.id);
  if ((active?.id ?? null) !== (seen?.id ?? null)) {
    return fail('PROTOCOL.ACTIVATION_CONFLICT');
  }
  const previous = active ? supersede(active, cmd.now) : null;
  await deps.protocols.activate({
    previous,
    next,
    version: { id: deps.ids.newId(), professionalId: current.professionalId, protocolId: current.id, version, content: next.content, createdBy: cmd.caller.userId, createdAt: cmd.now },
  });
  await deps.tasks.regenerate(current.patientId);
  if (active && previous) {
    await deps.audit.record({
      action: 'protocol.archived', entityType: 'protocol', entityId: active.id,
      changes: { status: { before: 'active', after: 'archived' }, revision: { before: active.rowVersion, after: previous.rowVersion }, supersededBy: { after: current.id } },
    });
  }
  await deps.audit.record({
    action: 'protocol.activated', entityType: 'protocol', entityId: current.id,
    changes: { status: { before: current.status, after: 'active' }, contentVersion: { before: current.currentVersion, after: version }, revision: { before: current.rowVersion, after: next.rowVersion } },
  });
  return ok({ protocol: next, archivedPreviousId: active?.id ?? null });
}
