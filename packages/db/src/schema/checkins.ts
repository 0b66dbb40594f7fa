import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0011_checkins.sql (policies, FORCE RLS, grants, partial indexes and partitions live there).

export const CHECKIN_STATUS_VALUES = ['scheduled', 'pending', 'late', 'submitted', 'reviewed', 'missed'] as const;

export const checkinForms = pgTable('checkin_forms', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  currentVersion: integer('current_version').notNull().default(1),
  createdBy: uuid('created_by').notNull(),
  ...timestamps,
}).enableRLS();

export const checkinFormVersions = pgTable('checkin_form_versions', {
  formId: uuid('form_id').notNull(),
  version: integer('version').notNull(),
  professionalId: uuid('professional_id').notNull(),
  formSchema: jsonb('form_schema').notNull(),
  createdBy: uuid('created_by').notNull(),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.formId, t.version] })]).enableRLS();

export const checkinSchedules = pgTable('checkin_schedules', {
  patientId: uuid('patient_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  formId: uuid('form_id').notNull(),
  cadence: text('cadence', { enum: ['weekly', 'biweekly', 'monthly', 'custom'] }).notNull(),
  everyDays: integer('every_days'),
  dueTime: text('due_time').notNull(),
  graceHours: integer('grace_hours').notNull(),
  anchorDate: date('anchor_date', { mode: 'string' }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').notNull(),
  ...timestamps,
}).enableRLS();

/** Partitioned by month on due_at; (patient_id, due_at) is the key. */
export const checkins = pgTable('checkins', {
  id: uuid('id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  formId: uuid('form_id').notNull(),
  formVersion: integer('form_version').notNull(),
  status: text('status', { enum: CHECKIN_STATUS_VALUES }).notNull(),
  opensAt: tz('opens_at').notNull(),
  dueAt: tz('due_at').notNull(),
  graceEndsAt: tz('grace_ends_at').notNull(),
  openedAt: tz('opened_at'),
  lateAt: tz('late_at'),
  missedAt: tz('missed_at'),
  submittedAt: tz('submitted_at'),
  submittedLate: boolean('submitted_late'),
  responses: jsonb('responses'),
  reviewedAt: tz('reviewed_at'),
  reviewerId: uuid('reviewer_id'),
  reviewNotes: text('review_notes'),
  nextTransitionAt: tz('next_transition_at'),
  /** Generated in the database: COALESCE(submitted_at, due_at), the inbox order. */
  inboxAt: tz('inbox_at').notNull().generatedAlwaysAs(sql`COALESCE(submitted_at, due_at)`),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.patientId, t.dueAt] })]).enableRLS();
