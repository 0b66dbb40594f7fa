import { fail, ok, type Result } from '../shared/result.ts';
import type { ProtocolContent } from './content.ts';
import { decideEdit, type ExpectedRowVersion } from './lifecycle.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

type UpdateError = 'PROTOCOL.NOT_FOUND' | 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ARCHIVED';

/**
 * Edits a protocol under optimistic concurrency. A draft's content is rewritten; new content for the
 * active protocol appends version N+1 and regenerates the patient's future tasks, in the same transaction.
 */
export async function updateProtocol(
  deps: ProtocolDeps,
  cmd: { caller: ProtocolCaller; protocolId: string; expectedRowVersion: ExpectedRowVersion; name?: string | undefined; content?: ProtocolContent | undefined; now: Date },
): Promise<Result<Protocol, UpdateError>> {
  const current = await deps.protocols.findForUpdate(cmd.protocolId);
  if (!current) return fail('PROTOCOL.NOT_FOUND');
  const decided = decideEdit(current, cmd);
  if (!decided.ok) return decided;
  const decision = decided.value;
  if (decision.kind === 'unchanged') return ok(current);
  if (!(await deps.protocols.save(decision.next, current.rowVersion))) {
    return fail('RESOURCE.PRECONDITION_FAILED');
  }
  const changes: Record<string, { before?: unknown; after?: unknown }> = { revision: { before: current.rowVersion, after: decision.next.rowVersion } };
  if (decision.next.name !== current.name) changes.name = { before: current.name, after: decision.next.name };
  if (decision.kind !== 'active_renamed' && decision.next.content !== current.content) changes.content = { before: current.content, after: decision.next.content };
  if (decision.kind === 'new_version') {
    await deps.protocols.appendVersion({
      id: deps.ids.newId(), professionalId: current.professionalId, protocolId: current.id, version: decision.version,
      content: decision.next.content, createdBy: cmd.caller.userId, createdAt: cmd.now,
    });
    changes.contentVersion = { before: current.currentVersion, after: decision.version };
    await deps.tasks.regenerate(current.patientId);
  }
  await deps.audit.record({ action: decision.kind === 'new_version' ? 'protocol.versioned' : 'protocol.updated', entityType: 'protocol', entityId: current.id, changes });
  return ok(decision.next);
}
