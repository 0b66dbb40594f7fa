import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AuditLogEntry, AuditLogReader, PatientAuditTrail } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { recordAudit, type AuditActor } from '../audit.ts';
import { auditLog } from '../schema/audit.ts';

/** The domain's PatientAuditTrail port: recordAudit in the caller's transaction with actor and request bound. */
export function createPatientAuditTrail(tx: Tx, ctx: { professionalId: string; actor: AuditActor; requestId: string | null; now: Date }): PatientAuditTrail {
  return {
    record: (entry) => recordAudit(tx, { ...entry, professionalId: ctx.professionalId, actor: ctx.actor, requestId: ctx.requestId, occurredAt: ctx.now }),
  };
}

/** The caller's trail (RLS: only its professional, professional role), newest first, keyset on (occurred_at, id). */
export function createAuditLogReader(tx: Tx): AuditLogReader {
  return {
    async list(q) {
      const filters: (SQL | undefined)[] = [];
      if (q.entityType) filters.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) filters.push(eq(auditLog.entityId, q.entityId));
      if (q.after) filters.push(sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${q.after.occurredAt}::timestamptz, ${q.after.id}::uuid)`);
      const rows = await tx.select({ row: auditLog, key: sql<string>`${auditLog.occurredAt}::text` }).from(auditLog)
        .where(and(...filters)).orderBy(desc(auditLog.occurredAt), desc(auditLog.id)).limit(q.limit + 1);
      return rows.map(({ row, key }): AuditLogEntry => ({
        id: row.id, actorUserId: row.actorUserId, actorRole: row.actorRole, action: row.action, entityType: row.entityType, entityId: row.entityId,
        changes: row.changes, requestId: row.requestId, occurredAt: row.occurredAt, occurredAtKey: key,
      }));
    },
  };
}
