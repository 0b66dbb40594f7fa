import { fail, type Result } from '../shared/result.ts';
import { createProtocolDraft } from './create-protocol.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

/** A new draft for the patient from the template's content; either one outside the tenant is not found. */
export async function applyProtocolTemplate(
  deps: Pick<ProtocolDeps, 'protocols' | 'templates' | 'audit' | 'ids'>,
  cmd: { caller: ProtocolCaller; templateId: string; patientId: string; name?: string | undefined; now: Date },
): Promise<Result<Protocol, 'TEMPLATE.NOT_FOUND' | 'PATIENT.NOT_FOUND'>> {
  const template = await deps.templates.find(cmd.templateId);
  if (!template) return fail('TEMPLATE.NOT_FOUND');
  return createProtocolDraft(deps, { caller: cmd.caller, patientId: cmd.patientId, name: cmd.name ?? template.name, content: template.content, now: cmd.now, templateId: template.id });
}
