import { uuidv7 } from 'uuidv7';
import type { Tx } from './tenant.ts';
import { auditLog } from './schema/index.ts';

export interface AuditActor { userId: string | null; role: 'professional' | 'patient' | 'system' }

export interface AuditEntry {
  professionalId: string;
  actor: AuditActor;
  /** Verb-noun, e.g. `patient.updated`, `protocol.activated`. */
  action: string;
  entityType: string;
  entityId: string | null;
  /** Changed fields: names with before/after of identifying or state fields only. */
  changes?: Record<string, { before?: unknown; after?: unknown }>;
  requestId: string | null;
  occurredAt: Date;
}

/**
 * Fields whose values are health data or personal data: the trail records that they changed, never
 * their values (LGPD Art. 11). Everything else (status, version, dates) is kept as before/after.
 */
const MASKED = /name|email|phone|birth|note|weight|height|fat|kcal|macro|meal|exercise|dose|supplement|hydration|water|ml|content|response|biomarker|value|measurement/i;

export function maskChanges(changes: Record<string, { before?: unknown; after?: unknown }> = {}): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const [field, change] of Object.entries(changes)) {
    out[field] = MASKED.test(field) ? { before: '[changed]', after: '[changed]' } : change;
  }
  return out;
}

/** Diff of two flat records: only the fields whose value changed. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { before: before[key], after: after[key] };
  }
  return out;
}

/** Appends one audit row in the caller's transaction (tenant or system), so it commits with the change. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    id: uuidv7(),
    professionalId: entry.professionalId,
    actorUserId: entry.actor.userId,
    actorRole: entry.actor.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: maskChanges(entry.changes),
    requestId: entry.requestId,
    occurredAt: entry.occurredAt,
    createdAt: entry.occurredAt,
    updatedAt: entry.occurredAt,
  });
}
