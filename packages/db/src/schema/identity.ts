import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, smallint, date, jsonb } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0002_identity.sql (policies, FORCE RLS and grants live there).

export const professionals = pgTable('professionals', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  displayName: text('display_name'),
  ...timestamps,
  deletedAt: tz('deleted_at'),
}).enableRLS();

export const patients = pgTable('patients', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  name: text('name').notNull(),
  email: text('email'),
  timezone: text('timezone').notNull(),
  status: text('status', { enum: ['active', 'at_risk', 'paused', 'archived'] }).notNull(),
  userId: uuid('user_id'),
  // CRM columns: migrations/0006_patients_crm.sql.
  phone: text('phone'),
  birthDate: date('birth_date', { mode: 'string' }),
  // migrations/0061_patient_sex.sql: for laboratory reference ranges.
  sex: text('sex', { enum: ['female', 'male', 'unknown'] }).notNull().default('unknown'),
  notes: text('notes'),
  /** App-maintained: lower case, accents stripped (name + e-mail). Never exposed. */
  searchText: text('search_text').notNull().default(''),
  /** App-maintained: the name normalised like searchText, collated "C". Never exposed. */
  sortName: text('sort_name').notNull().default(''),
  riskScore: smallint('risk_score'),
  riskBand: text('risk_band', { enum: ['low', 'moderate', 'high'] }),
  lastActivityAt: tz('last_activity_at'),
  version: integer('version').notNull().default(1),
  /** Generated in the database: at_risk, then band, then score (see the migration). */
  // Risk assessment: migrations/0012_risk.sql (written by the recalculation, packages/db/src/risk).
  riskFactors: jsonb('risk_factors'),
  riskComputedAt: tz('risk_computed_at'),
  statusChangedAt: tz('status_changed_at'),
  // LGPD anonymisation: migrations/0053_patient_anonymization.sql (packages/db/src/compliance/anonymize-patient.ts).
  anonymizedAt: tz('anonymized_at'),
  riskRank: integer('risk_rank').notNull().generatedAlwaysAs(sql`(CASE WHEN status = 'at_risk' THEN 4 WHEN risk_band = 'high' THEN 3 WHEN risk_band = 'moderate' THEN 2 WHEN risk_band = 'low' THEN 1 ELSE 0 END) * 1000 + COALESCE(risk_score + 1, 0)`),
  ...timestamps,
  deletedAt: tz('deleted_at'),
}).enableRLS();

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id'),
  role: text('role', { enum: ['professional', 'patient'] }).notNull(),
  email: text('email').notNull(),
  emailNormalized: text('email_normalized').notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale', { enum: ['pt-BR', 'en'] }).notNull(),
  passwordChangedAt: tz('password_changed_at').notNull(),
  disabledAt: tz('disabled_at'),
  /** migrations/0016: If-Match on PATCH /v1/me (ADR 0013). */
  revision: integer('revision').notNull().default(1),
  ...timestamps,
  deletedAt: tz('deleted_at'),
}).enableRLS();

export const patientInvites = pgTable('patient_invites', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: tz('expires_at').notNull(),
  acceptedAt: tz('accepted_at'),
  supersededAt: tz('superseded_at'),
  ...timestamps,
}).enableRLS();

export const authSessions = pgTable('auth_sessions', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  userId: uuid('user_id').notNull(),
  revokedAt: tz('revoked_at'),
  revokedReason: text('revoked_reason', { enum: ['logout', 'reuse_detected', 'password_reset', 'account_disabled', 'password_changed'] }),
  ...timestamps,
}).enableRLS();

export const refreshTokens = pgTable('refresh_tokens', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  sessionId: uuid('session_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
  ...timestamps,
}).enableRLS();

export const passwordResetTokens = pgTable('password_reset_tokens', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
  ...timestamps,
}).enableRLS();

export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  windowStartedAt: tz('window_started_at').notNull(),
  failures: integer('failures').notNull(),
  blockedUntil: tz('blocked_until'),
  updatedAt: tz('updated_at').notNull().defaultNow(),
}).enableRLS();
