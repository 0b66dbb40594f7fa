import type { AuditLogEntry, AuditLogQuery, AuditLogReader } from './ports.ts';

/** The caller's own audit trail, newest first. Deliberate seam (ADR 0016): RLS scopes it to the caller's tenant. */
export async function listAuditLog(deps: { auditLog: AuditLogReader }, query: AuditLogQuery): Promise<AuditLogEntry[]> {
  return deps.auditLog.list(query);
}
