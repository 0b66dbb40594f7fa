import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0012_risk.sql (policies, FORCE RLS and grants live there).

/** One pending risk recalculation per patient: the coalescing point (packages/db/src/risk/requests.ts). */
export const riskRecalcRequests = pgTable('risk_recalc_requests', {
  patientId: uuid('patient_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  reason: text('reason', { enum: ['checkin_submitted', 'checkin_late', 'checkin_missed', 'task_completed', 'task_undone', 'water_logged', 'nightly'] }).notNull(),
  requestedAt: tz('requested_at').notNull(),
  ...timestamps,
}).enableRLS();
