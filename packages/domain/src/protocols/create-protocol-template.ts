import type { ProtocolContent } from './content.ts';
import type { ProtocolDeps } from './ports.ts';
import type { ProtocolCaller, ProtocolTemplate } from './types.ts';

/** A composite template owned by the caller's tenant. */
export async function createProtocolTemplate(
  deps: Pick<ProtocolDeps, 'templates' | 'audit' | 'ids'>,
  cmd: { caller: ProtocolCaller; name: string; description: string | null; content: ProtocolContent; now: Date },
): Promise<ProtocolTemplate> {
  const template: ProtocolTemplate = {
    id: deps.ids.newId(), professionalId: cmd.caller.professionalId, name: cmd.name, description: cmd.description,
    content: cmd.content, rowVersion: 1, createdAt: cmd.now, updatedAt: cmd.now,
  };
  await deps.templates.insert(template);
  await deps.audit.record({ action: 'protocol_template.created', entityType: 'protocol_template', entityId: template.id, changes: { name: { after: template.name }, content: { after: template.content } } });
  return template;
}
