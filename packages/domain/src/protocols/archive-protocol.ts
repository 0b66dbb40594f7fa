import { fail, ok, type Result } from '../shared/result.ts';
import { decideArchive, type ExpectedRowVersion } from './lifecycle.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

/** Archives a draft or the active protocol (final). Archiving the active one lets daily execution drop future tasks. */
export async function archiveProtocol(
  deps: ProtocolDeps,
  cmd: { caller: ProtocolCaller; protocolId: string; expectedRowVersion: ExpectedRowVersion; now: Date },
): Promise<Result<Protocol, 'PROTOCOL.NOT_FOUND' | 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ARCHIVED'>> {
  const current = await deps.protocols.findForUpdate(cmd.protocolId);
  if (!current) return fail('PROTOCOL.NOT_FOUND');
  const decided = decideArchive(current, cmd);
  if (!decided.ok) return decided;
  const { next, wasActive } = decided.value;
  if (!(await deps.protocols.save(next, current.rowVersion))) return fail('RESOURCE.PRECONDITION_FAILED');
  if (wasActive) await deps.tasks.regenerate(current.patientId);
  await deps.audit.record({
    action: 'protocol.archived', entityType: 'protocol', entityId: current.id,
    changes: { status: { before: current.status, after: 'archived' }, revision: { before: current.rowVersion, after: next.rowVersion } },
  });
  return ok(next);
}
