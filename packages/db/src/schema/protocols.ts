import { pgTable, uuid, text, integer, jsonb, unique } from 'drizzle-orm/pg-core';
import type { ProtocolContent } from '@korevitta/domain';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0007_protocols.sql (policies, FORCE RLS, the immutability trigger and grants live there).
// `content` is the protocol content JSON (validated by ProtocolContent in the domain before it is written).

export const protocols = pgTable('protocols', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  name: text('name').notNull(),
  status: text('status', { enum: ['draft', 'active', 'archived'] }).notNull(),
  content: jsonb('content').$type<ProtocolContent>().notNull(),
  currentVersion: integer('current_version').notNull(),
  rowVersion: integer('row_version').notNull(),
  activatedAt: tz('activated_at'),
  archivedAt: tz('archived_at'),
  // 0080: the template it was created from (composite key to protocol_templates within the tenant).
  templateId: uuid('template_id'),
  ...timestamps,
  deletedAt: tz('deleted_at'),
}).enableRLS();

export const protocolVersions = pgTable('protocol_versions', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  protocolId: uuid('protocol_id').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').$type<ProtocolContent>().notNull(),
  createdBy: uuid('created_by').notNull(),
  ...timestamps,
}, (t) => [unique('protocol_versions_protocol_id_version_key').on(t.protocolId, t.version)]).enableRLS();

export const protocolTemplates = pgTable('protocol_templates', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  content: jsonb('content').$type<ProtocolContent>().notNull(),
  rowVersion: integer('row_version').notNull(),
  ...timestamps,
  deletedAt: tz('deleted_at'),
}).enableRLS();
