import { pgTable, uuid, text, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0005_audit_log.sql (partitioned by month on occurred_at).
export const auditLog = pgTable('audit_log', {
  id: uuid('id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorRole: text('actor_role', { enum: ['professional', 'patient', 'system'] }).notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: uuid('entity_id'),
  changes: jsonb('changes').$type<Record<string, { before?: unknown; after?: unknown }>>().notNull(),
  requestId: text('request_id'),
  occurredAt: tz('occurred_at').notNull(),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.professionalId, t.occurredAt, t.id] })]).enableRLS();
