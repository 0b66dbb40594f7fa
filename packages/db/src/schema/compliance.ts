import { pgTable, uuid, text, primaryKey } from 'drizzle-orm/pg-core';
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
