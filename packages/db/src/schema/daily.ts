import { pgTable, uuid, text, integer, date, time, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0008_daily_execution.sql (policies, FORCE RLS, grants and partitions live there).

export const dailyTasks = pgTable('daily_tasks', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  taskDate: date('task_date', { mode: 'string' }).notNull(),
  taskKey: text('task_key').notNull(),
  kind: text('kind', { enum: ['meal', 'training', 'supplement', 'hydration'] }).notNull(),
  title: text('title').notNull(),
  scheduledTime: time('scheduled_time'),
  targetMl: integer('target_ml'),
  protocolId: uuid('protocol_id').notNull(),
  protocolVersion: integer('protocol_version').notNull(),
  ...timestamps,
}, (t) => [uniqueIndex('daily_tasks_patient_day_key').on(t.patientId, t.taskDate, t.taskKey)]).enableRLS();

export const dailyTaskHorizons = pgTable('daily_task_horizons', {
  patientId: uuid('patient_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  protocolId: uuid('protocol_id').notNull(),
  protocolVersion: integer('protocol_version').notNull(),
  throughDate: date('through_date', { mode: 'string' }).notNull(),
  ...timestamps,
}).enableRLS();

export const dailyTaskCompletions = pgTable('daily_task_completions', {
  taskId: uuid('task_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  completedAt: tz('completed_at').notNull(),
  ...timestamps,
}).enableRLS();

/** Partitioned by month on logged_at; log_date is the patient-local date the intake counts for. */
export const waterIntakeLogs = pgTable('water_intake_logs', {
  id: uuid('id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  loggedAt: tz('logged_at').notNull(),
  logDate: date('log_date', { mode: 'string' }).notNull(),
  amountMl: integer('amount_ml').notNull(),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.patientId, t.loggedAt, t.id] })]).enableRLS();
