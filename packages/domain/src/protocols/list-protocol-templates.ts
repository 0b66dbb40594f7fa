import type { ProtocolDeps, TemplateListCursor } from './ports.ts';
import type { ProtocolTemplate } from './types.ts';

/** The professional's protocol templates, newest first. Deliberate seam (ADR 0016): RLS scopes them to the tenant. */
export async function listProtocolTemplates(deps: Pick<ProtocolDeps, 'templates'>, q: { limit: number; after: TemplateListCursor | null }): Promise<ProtocolTemplate[]> {
  return deps.templates.list(q);
}
