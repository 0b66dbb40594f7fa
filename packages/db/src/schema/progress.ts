import { bigint, date, index, integer, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns.ts';

// Mirrors migrations/0030_body_measurements.sql (checks, policies, FORCE RLS and grants live there).

const measure = (name: string, precision: number, scale: number) => numeric(name, { precision, scale, mode: 'number' });

export const bodyMeasurements = pgTable('body_measurements', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  measuredOn: date('measured_on', { mode: 'string' }).notNull(),
  weightKg: measure('weight_kg', 5, 2),
  heightCm: measure('height_cm', 5, 1),
  bodyFatPct: measure('body_fat_pct', 4, 1),
  leanMassKg: measure('lean_mass_kg', 5, 2),
  waistCm: measure('waist_cm', 5, 1),
  hipCm: measure('hip_cm', 5, 1),
  chestCm: measure('chest_cm', 5, 1),
  armCm: measure('arm_cm', 5, 1),
  thighCm: measure('thigh_cm', 5, 1),
  calfCm: measure('calf_cm', 5, 1),
  recordedByRole: text('recorded_by_role', { enum: ['professional', 'patient'] }).notNull(),
  recordedByUserId: uuid('recorded_by_user_id').notNull(),
  ...timestamps,
}, (t) => [index('body_measurements_patient_idx').on(t.patientId, t.measuredOn, t.createdAt)]).enableRLS();

// Mirrors migrations/0031_uploads_photos.sql and 0090_logo_and_storage_usage.sql.

export const uploads = pgTable('uploads', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id'),
  requestedBy: uuid('requested_by').notNull(),
  purpose: text('purpose', { enum: ['progress_photo', 'lab_exam', 'logo'] }).notNull(),
  contentType: text('content_type', { enum: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] }).notNull(),
  declaredBytes: integer('declared_bytes').notNull(),
  blobName: text('blob_name').notNull(),
  status: text('status', { enum: ['pending', 'confirmed', 'rejected'] }).notNull(),
  /** Bytes of the confirmed file while the practice holds it (0090): the storage cap counts these. */
  storedBytes: bigint('stored_bytes', { mode: 'number' }),
  expiresAt: tz('expires_at').notNull(),
  settledAt: tz('settled_at'),
  ...timestamps,
}).enableRLS();

export const progressPhotos = pgTable('progress_photos', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  uploadId: uuid('upload_id').notNull(),
  pose: text('pose', { enum: ['front', 'side', 'back', 'other'] }).notNull(),
  takenAt: tz('taken_at').notNull(),
  status: text('status', { enum: ['processing', 'ready', 'failed'] }).notNull(),
  failureReason: text('failure_reason'),
  originalBlob: text('original_blob'),
  displayBlob: text('display_blob'),
  thumbnailBlob: text('thumbnail_blob'),
  width: integer('width'),
  height: integer('height'),
  ...timestamps,
}).enableRLS();
