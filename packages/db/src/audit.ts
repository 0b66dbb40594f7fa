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
 * Fields whose values are health data (LGPD Art. 11) or secrets: the trail records which of them changed,
 * never their values. Everything else (names and contact details the professional keeps, status,
 * revisions, dates) is kept as before/after, so the trail says what changed and how.
 */
const MASKED = /^(notes?|reviewNotes|content|answers?|responses?)$|note$|weight|height|fat|kcal|macro|meal|exercise|dose|supplement|hydration|water|ml$|biomarker|measurement|password|token|secret|^sex$/i;
export const MASKED_VALUE = '[masked]';

/** A masked field keeps its shape: a creation shows only `after`, a clearing shows `after: null`. */
const maskValue = (value: unknown): unknown => (value === null ? null : MASKED_VALUE);

export function maskChanges(changes: Record<string, { before?: unknown; after?: unknown }> = {}): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const [field, change] of Object.entries(changes)) {
    if (!MASKED.test(field)) {
      out[field] = change;
      continue;
    }
    const masked: { before?: unknown; after?: unknown } = {};
    if ('before' in change) masked.before = maskValue(change.before);
    if ('after' in change) masked.after = maskValue(change.after);
    out[field] = masked;
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
