import { pgTable, uuid, text, integer, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0003_async_spine.sql.

export const eventOutbox = pgTable('event_outbox', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id'),
  queue: text('queue', { enum: ['critical', 'default', 'bulk'] }).notNull(),
  messageId: text('message_id').notNull(),
  type: text('type').notNull(),
  version: integer('version').notNull(),
  payload: jsonb('payload').notNull(),
  correlationId: text('correlation_id'),
  occurredAt: tz('occurred_at').notNull(),
  deliverAt: tz('deliver_at'),
  publishedAt: tz('published_at'),
  publishAttempts: integer('publish_attempts').notNull().default(0),
  lastError: text('last_error'),
  ...timestamps,
}).enableRLS();

export const processedMessages = pgTable('processed_messages', {
  consumer: text('consumer').notNull(),
  messageId: text('message_id').notNull(),
  processedAt: tz('processed_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.consumer, t.messageId] })]).enableRLS();

export const idempotencyKeys = pgTable('idempotency_keys', {
  professionalId: uuid('professional_id').notNull(),
  userId: uuid('user_id').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  state: text('state', { enum: ['in_flight', 'completed'] }).notNull(),
  responseStatus: integer('response_status'),
  responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
  responseBody: text('response_body'),
  lockedUntil: tz('locked_until').notNull(),
  expiresAt: tz('expires_at').notNull(),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.professionalId, t.userId, t.key] })]).enableRLS();
