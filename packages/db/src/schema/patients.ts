import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0006_patients_crm.sql (policies, FORCE RLS and grants live there).
export const patientInviteRequests = pgTable('patient_invite_requests', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: tz('requested_at').notNull(),
  ...timestamps,
}).enableRLS();
