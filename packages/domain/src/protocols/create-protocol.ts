import { fail, ok, type Result } from '../shared/result.ts';
import type { ProtocolContent } from './content.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

/** A new draft for a patient of the caller's tenant (also the core of applying a template). */
export async function createProtocolDraft(
  deps: Pick<ProtocolDeps, 'protocols' | 'audit' | 'ids'>,
  cmd: { caller: ProtocolCaller; patientId: string; name: string; content: ProtocolContent; now: Date; templateId?: string },
): Promise<Result<Protocol, 'PATIENT.NOT_FOUND'>> {
  if (!(await deps.protocols.patientExists(cmd.patientId))) return fail('PATIENT.NOT_FOUND');
  const protocol: Protocol = {
    id: deps.ids.newId(),
    professionalId: cmd.caller.professionalId,
    patientId: cmd.patientId,
    name: cmd.name,
    status: 'draft',
    content: cmd.content,
    currentVersion: 0,
    rowVersion: 1,
    activatedAt: null,
    archivedAt: null,
    templateId: cmd.templateId ?? null,
    createdAt: cmd.now,
    updatedAt: cmd.now,
  };
  await deps.protocols.insert(protocol);
  await deps.audit.record({
    action: 'protocol.created',
    entityType: 'protocol',
    entityId: protocol.id,
    changes: {
      status: { after: 'draft' },
      patientId: { after: cmd.patientId },
      name: { after: protocol.name },
      content: { after: protocol.content },
      ...(cmd.templateId ? { templateId: { after: cmd.templateId } } : {}),
    },
  });
  return ok(protocol);
}
