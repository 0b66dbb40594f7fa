import type { ProtocolDeps, TemplateListCursor } from './ports.ts';
import type { ProtocolTemplate } from './types.ts';

export async function listProtocolTemplates(deps: Pick<ProtocolDeps, 'templates'>, q: { limit: number; after: TemplateListCursor | null }): Promise<ProtocolTemplate[]> {
  return deps.templates.list(q);
}
