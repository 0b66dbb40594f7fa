import { pgTable, uuid, text, integer, jsonb, bigint, primaryKey } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0004_local_queue.sql (policies, FORCE RLS, grants and partial indexes live there).

export const localQueueMessages = pgTable('local_queue_messages', {
  sequenceNumber: bigint('sequence_number', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  namespace: text('namespace').notNull(),
  queue: text('queue', { enum: ['critical', 'default', 'bulk'] }).notNull(),
  messageId: text('message_id').notNull(),
  envelope: jsonb('envelope').notNull(),
  state: text('state', { enum: ['active', 'dead_lettered'] }).notNull().default('active'),
  enqueuedAt: tz('enqueued_at').notNull(),
  scheduledAt: tz('scheduled_at'),
  availableAt: tz('available_at').notNull(),
  deliveryCount: integer('delivery_count').notNull().default(0),
  lockToken: uuid('lock_token'),
  lockedUntil: tz('locked_until'),
  deadLetterReason: text('dead_letter_reason'),
  deadLetterDescription: text('dead_letter_description'),
  deadLetteredAt: tz('dead_lettered_at'),
  ...timestamps,
}).enableRLS();

export const localQueueDuplicates = pgTable('local_queue_duplicates', {
  namespace: text('namespace').notNull(),
  queue: text('queue').notNull(),
  messageId: text('message_id').notNull(),
  firstSeenAt: tz('first_seen_at').notNull(),
}, (t) => [primaryKey({ columns: [t.namespace, t.queue, t.messageId] })]).enableRLS();

export const eventOutboxClaims = pgTable('event_outbox_claims', {
  outboxId: uuid('outbox_id').primaryKey(),
  claimedUntil: tz('claimed_until').notNull(),
  ...timestamps,
}).enableRLS();

export const deadLetterRecords = pgTable('dead_letter_records', {
  id: uuid('id').primaryKey(),
  queue: text('queue', { enum: ['critical', 'default', 'bulk'] }).notNull(),
  messageId: text('message_id').notNull(),
  body: jsonb('body').notNull(),
  reason: text('reason').notNull(),
  description: text('description'),
  deliveryCount: integer('delivery_count').notNull(),
  deadLetteredAt: tz('dead_lettered_at').notNull(),
  resubmittedAt: tz('resubmitted_at'),
  ...timestamps,
}).enableRLS();
