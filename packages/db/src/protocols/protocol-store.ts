import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Protocol, ProtocolStore, ProtocolVersion } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patients, protocols, protocolVersions } from '../schema/index.ts';

type ProtocolRow = typeof protocols.$inferSelect;
type VersionRow = typeof protocolVersions.$inferSelect;

const toProtocol = (r: ProtocolRow): Protocol => ({
  id: r.id, professionalId: r.professionalId, patientId: r.patientId, name: r.name, status: r.status, content: r.content,
  currentVersion: r.currentVersion, rowVersion: r.rowVersion, activatedAt: r.activatedAt, archivedAt: r.archivedAt, templateId: r.templateId, createdAt: r.createdAt, updatedAt: r.updatedAt,
});
const toVersion = (r: VersionRow): ProtocolVersion => ({
  id: r.id, professionalId: r.professionalId, protocolId: r.protocolId, version: r.version, content: r.content, createdBy: r.createdBy, createdAt: r.createdAt,
});
const mutable = (p: Protocol) => ({
  name: p.name, status: p.status, content: p.content, currentVersion: p.currentVersion, rowVersion: p.rowVersion,
  activatedAt: p.activatedAt, archivedAt: p.archivedAt, updatedAt: p.updatedAt,
});

const live = isNull(protocols.deletedAt);

/** Protocols inside the caller's tenant transaction: RLS decides what exists (another tenant's row never does). */
export function createProtocolStore(tx: Tx): ProtocolStore {
  return {
    async patientExists(patientId) {
      const [row] = await tx.select({ id: patients.id }).from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return row !== undefined;
    },
    async find(id) {
      const [row] = await tx.select().from(protocols).where(and(eq(protocols.id, id), live)).limit(1);
      return row ? toProtocol(row) : null;
    },
    async findForUpdate(id) {
      const [row] = await tx.select().from(protocols).where(and(eq(protocols.id, id), live)).limit(1).for('update');
      return row ? toProtocol(row) : null;
    },
    async findActive(patientId, exceptId) {
      const [row] = await tx.select().from(protocols)
        .where(and(eq(protocols.patientId, patientId), eq(protocols.status, 'active'), ne(protocols.id, exceptId))).limit(1);
      return row ? toProtocol(row) : null;
    },
    async lockActivation(patientId) {
      // Transaction-scoped: activations of one patient run one after another; other patients are not blocked.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`protocol-activation:${patientId}`}, 0))`);
    },
    async findActiveForUpdate(patientId, exceptId) {
      const [row] = await tx.select().from(protocols)
        .where(and(eq(protocols.patientId, patientId), eq(protocols.status, 'active'), ne(protocols.id, exceptId)))
        .limit(1).for('update');
      return row ? toProtocol(row) : null;
    },
    async listForPatient(patientId, page) {
      const after = page.after
        ? or(lt(protocols.createdAt, sql`${page.after.createdAt}::timestamptz`), and(eq(protocols.createdAt, sql`${page.after.createdAt}::timestamptz`), lt(protocols.id, page.after.id)))
        : undefined;
      const rows = await tx.select().from(protocols)
        .where(and(eq(protocols.patientId, patientId), live, page.status ? eq(protocols.status, page.status) : undefined, after))
        .orderBy(desc(protocols.createdAt), desc(protocols.id))
        .limit(page.limit + 1);
      return rows.map(toProtocol);
    },
    async insert(p) {
      await tx.insert(protocols).values({ id: p.id, professionalId: p.professionalId, patientId: p.patientId, templateId: p.templateId, createdAt: p.createdAt, ...mutable(p) });
    },
    async save(next, expectedRowVersion) {
      const updated = await tx.update(protocols).set(mutable(next))
        .where(and(eq(protocols.id, next.id), eq(protocols.rowVersion, expectedRowVersion)))
        .returning({ id: protocols.id });
      return updated.length === 1;
    },
    async appendVersion(v) {
      await tx.insert(protocolVersions).values({ ...v, updatedAt: v.createdAt });
    },
    async activate({ previous, next, version }) {
      if (previous) {
        await tx.update(protocols).set(mutable(previous)).where(and(eq(protocols.id, previous.id), eq(protocols.status, 'active')));
      }
      await tx.update(protocols).set(mutable(next)).where(eq(protocols.id, next.id));
      await tx.insert(protocolVersions).values({ ...version, updatedAt: version.createdAt });
    },
    async listVersions(protocolId, page) {
      const rows = await tx.select().from(protocolVersions)
        .where(and(eq(protocolVersions.protocolId, protocolId), page.beforeVersion !== null ? lt(protocolVersions.version, page.beforeVersion) : undefined))
        .orderBy(desc(protocolVersions.version))
        .limit(page.limit + 1);
      return rows.map(toVersion);
    },
    async findVersion(protocolId, version) {
      const [row] = await tx.select().from(protocolVersions).where(and(eq(protocolVersions.protocolId, protocolId), eq(protocolVersions.version, version))).limit(1);
      return row ? toVersion(row) : null;
    },
  };
}
