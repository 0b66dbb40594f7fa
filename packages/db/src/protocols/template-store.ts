import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ProtocolTemplate, ProtocolTemplateStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { protocolTemplates } from '../schema/index.ts';

type Row = typeof protocolTemplates.$inferSelect;
const toTemplate = (r: Row): ProtocolTemplate => ({
  id: r.id, professionalId: r.professionalId, name: r.name, description: r.description, content: r.content, rowVersion: r.rowVersion, createdAt: r.createdAt, updatedAt: r.updatedAt,
});
const live = isNull(protocolTemplates.deletedAt);

/** The caller's templates (RLS: only its own tenant's). */
export function createProtocolTemplateStore(tx: Tx): ProtocolTemplateStore {
  return {
    async find(id) {
      const [row] = await tx.select().from(protocolTemplates).where(and(eq(protocolTemplates.id, id), live)).limit(1);
      return row ? toTemplate(row) : null;
    },
    async list(page) {
      const after = page.after
        ? or(lt(protocolTemplates.createdAt, sql`${page.after.createdAt}::timestamptz`), and(eq(protocolTemplates.createdAt, sql`${page.after.createdAt}::timestamptz`), lt(protocolTemplates.id, page.after.id)))
        : undefined;
      const rows = await tx.select().from(protocolTemplates).where(and(live, after)).orderBy(desc(protocolTemplates.createdAt), desc(protocolTemplates.id)).limit(page.limit + 1);
      return rows.map(toTemplate);
    },
    async insert(t) {
      await tx.insert(protocolTemplates).values(t);
    },
  };
}
