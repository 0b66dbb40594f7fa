import { bigint, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0040_branding.sql and 0041_billing.sql (policies, FORCE RLS and column grants live there).

export const brandings = pgTable('brandings', {
  professionalId: uuid('professional_id').primaryKey(),
  displayName: text('display_name').notNull(),
  primaryColor: text('primary_color').notNull(),
  accentColor: text('accent_color').notNull(),
  logoUploadId: uuid('logo_upload_id'),
  emailSignature: text('email_signature'),
  revision: integer('revision').notNull().default(1),
  updatedBy: uuid('updated_by').notNull(),
  ...timestamps,
}).enableRLS();

export const plans = pgTable('plans', {
  code: text('code', { enum: ['free', 'pro', 'clinic'] }).primaryKey(),
  name: text('name').notNull(),
  maxActivePatients: integer('max_active_patients'),
  storageBytes: bigint('storage_bytes', { mode: 'number' }),
  invitesPerDay: integer('invites_per_day').notNull(),
  planVersion: integer('plan_version').notNull(),
  ...timestamps,
}).enableRLS();

export const subscriptions = pgTable('subscriptions', {
  professionalId: uuid('professional_id').primaryKey(),
  planCode: text('plan_code', { enum: ['free', 'pro', 'clinic'] }).notNull().default('free'),
  status: text('status', { enum: ['trialing', 'active', 'past_due', 'canceled'] }).notNull().default('active'),
  currentPeriodStart: tz('current_period_start'),
  currentPeriodEnd: tz('current_period_end'),
  pastDueSince: tz('past_due_since'),
  providerCustomerId: text('provider_customer_id'),
  providerSubscriptionId: text('provider_subscription_id'),
  lastEventAt: tz('last_event_at'),
  revision: integer('revision').notNull().default(0),
  ...timestamps,
}).enableRLS();

export const billingEvents = pgTable('billing_events', {
  id: uuid('id').primaryKey(),
  provider: text('provider', { enum: ['stripe', 'local'] }).notNull(),
  providerEventId: text('provider_event_id').notNull(),
  type: text('type').notNull(),
  occurredAt: tz('occurred_at').notNull(),
  payload: jsonb('payload').notNull(),
  receivedAt: tz('received_at').notNull(),
  professionalId: uuid('professional_id'),
  appliedAt: tz('applied_at'),
  outcome: text('outcome'),
  ...timestamps,
}).enableRLS();

export const billingOperations = pgTable('billing_operations', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  kind: text('kind', { enum: ['customer', 'checkout', 'portal'] }).notNull(),
  params: jsonb('params').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
  resultId: text('result_id'),
  resultUrl: text('result_url'),
  requestedBy: uuid('requested_by').notNull(),
  ...timestamps,
}).enableRLS();
