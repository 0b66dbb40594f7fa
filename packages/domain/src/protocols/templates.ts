import { fail, type Result } from '../shared/result.ts';
import type { ProtocolContent } from './content.ts';
import { createProtocolDraft } from './create-protocol.ts';
import type { ProtocolDeps, TemplateListCursor } from './ports.ts';
import type { Protocol, ProtocolCaller, ProtocolTemplate } from './types.ts';

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

export async function listProtocolTemplates(deps: Pick<ProtocolDeps, 'templates'>, q: { limit: number; after: TemplateListCursor | null }): Promise<ProtocolTemplate[]> {
  return deps.templates.list(q);
}

/** A new draft for the patient from the template's content; either one outside the tenant is not found. */
export async function applyProtocolTemplate(
  deps: Pick<ProtocolDeps, 'protocols' | 'templates' | 'audit' | 'ids'>,
  cmd: { caller: ProtocolCaller; templateId: string; patientId: string; name?: string | undefined; now: Date },
): Promise<Result<Protocol, 'TEMPLATE.NOT_FOUND' | 'PATIENT.NOT_FOUND'>> {
  const template = await deps.templates.find(cmd.templateId);
  if (!template) return fail('TEMPLATE.NOT_FOUND');
  return createProtocolDraft(deps, { caller: cmd.caller, patientId: cmd.patientId, name: cmd.name ?? template.name, content: template.content, now: cmd.now, templateId: template.id });
}
