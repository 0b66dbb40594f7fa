import { date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0012_risk.sql (policies, FORCE RLS and grants live there).

/** One pending risk recalculation per patient: the coalescing point (packages/db/src/risk/requests.ts). */
export const riskRecalcRequests = pgTable('risk_recalc_requests', {
  patientId: uuid('patient_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  reason: text('reason', { enum: ['checkin_submitted', 'checkin_late', 'checkin_missed', 'task_completed', 'task_undone', 'water_logged', 'nightly', 'measurement_recorded'] }).notNull(),
  requestedAt: tz('requested_at').notNull(),
  ...timestamps,
}).enableRLS();

/**
 * Mirrors migrations/0014_risk_performance.sql: one row per patient-local day with tasks or water, kept exact by
 * statement-level triggers on daily_tasks, daily_task_completions and water_intake_logs; read by the risk signals.
 */
export const dailyAdherenceDays = pgTable('daily_adherence_days', {
  patientId: uuid('patient_id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  goalMl: integer('goal_ml'),
  waterMl: integer('water_ml').notNull().default(0),
  lastActivityAt: tz('last_activity_at'),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.patientId, t.day] })]).enableRLS();
