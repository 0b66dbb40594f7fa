import { pgTable, uuid, text, primaryKey, bigint, integer } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

const accessColumns = {
  id: uuid('id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorRole: text('actor_role', { enum: ['professional', 'patient', 'system'] }).notNull(),
  kind: text('kind').notNull(),
  requestId: text('request_id'),
  accessedAt: tz('accessed_at').notNull(),
  ...timestamps,
};

// Mirrors migrations/0050_patient_access_log.sql: the unlogged buffer reads append to, and the partitioned log.
export const patientAccessBuffer = pgTable('patient_access_buffer', { ...accessColumns, id: uuid('id').primaryKey() }).enableRLS();
export const patientAccessLog = pgTable('patient_access_log', accessColumns,
  (t) => [primaryKey({ columns: [t.professionalId, t.accessedAt, t.id] })]).enableRLS();

// Mirrors migrations/0070_data_exports.sql: LGPD export requests and their state (the ZIP is a blob).
export const dataExports = pgTable('data_exports', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id'),
  scope: text('scope', { enum: ['patient', 'account'] }).notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requesterRole: text('requester_role', { enum: ['professional', 'patient'] }).notNull(),
  status: text('status', { enum: ['queued', 'building', 'ready', 'failed'] }).notNull().default('queued'),
  blobName: text('blob_name'),
  bytes: bigint('bytes', { mode: 'number' }),
  fileCount: integer('file_count'),
  attempts: integer('attempts').notNull().default(0),
  failureReason: text('failure_reason', { enum: ['build_error'] }),
  startedAt: tz('started_at'),
  completedAt: tz('completed_at'),
  expiresAt: tz('expires_at').notNull(),
  ...timestamps,
}).enableRLS();
