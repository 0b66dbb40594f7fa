import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0009_communication.sql and 0013_thread_unread_counts.sql (policies, FORCE RLS, grants, partial indexes and partitions live there).

export const threads = pgTable('threads', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  contextType: text('context_type', { enum: ['general', 'checkin', 'protocol'] }).notNull(),
  contextId: uuid('context_id'),
  subject: text('subject'),
  createdBy: uuid('created_by').notNull(),
  lastMessageAt: tz('last_message_at'),
  /** Generated in the database: COALESCE(last_message_at, created_at), the list order. */
  activityAt: tz('activity_at').notNull().generatedAlwaysAs(sql`COALESCE(last_message_at, created_at)`),
  ...timestamps,
}).enableRLS();

/** Partitioned by month on created_at. */
export const messages = pgTable('messages', {
  id: uuid('id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  threadId: uuid('thread_id').notNull(),
  senderUserId: uuid('sender_user_id').notNull(),
  senderRole: text('sender_role', { enum: ['professional', 'patient'] }).notNull(),
  body: text('body').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.threadId, t.createdAt, t.id] })]).enableRLS();

export const threadReadMarkers = pgTable('thread_read_markers', {
  threadId: uuid('thread_id').notNull(),
  userId: uuid('user_id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  lastReadAt: tz('last_read_at').notNull(),
  lastReadMessageId: uuid('last_read_message_id').notNull(),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.threadId, t.userId] })]).enableRLS();

export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  emailOnMessage: boolean('email_on_message').notNull().default(true),
  quietPeriodMinutes: integer('quiet_period_minutes').notNull().default(30),
  ...timestamps,
}).enableRLS();

export const threadNotificationState = pgTable('thread_notification_state', {
  threadId: uuid('thread_id').notNull(),
  recipientUserId: uuid('recipient_user_id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  lastNotifiedAt: tz('last_notified_at'),
  lastMessageId: uuid('last_message_id'),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.threadId, t.recipientUserId] })]).enableRLS();

/**
 * Migration 0013: each participant user's unread count per thread, kept by triggers (SECURITY DEFINER, as
 * korevitta_system) on threads, users, messages and thread_read_markers. The app only reads its own rows.
 */
export const threadUnreadCounts = pgTable('thread_unread_counts', {
  threadId: uuid('thread_id').notNull(),
  userId: uuid('user_id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  unreadCount: integer('unread_count').notNull().default(0),
  ...timestamps,
}, (t) => [primaryKey({ columns: [t.threadId, t.userId] })]).enableRLS();
