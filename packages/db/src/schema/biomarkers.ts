import { date, integer, numeric, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

// Mirrors migrations/0060_biomarker_catalog.sql (reference data, read-only for the app) and 0062_lab_panels.sql
// (checks, policies, FORCE RLS and grants live there).

const num = (name: string) => numeric(name, { mode: 'number' });

export const biomarkerCatalogVersions = pgTable('biomarker_catalog_versions', {
  version: integer('version').primaryKey(),
  publishedOn: date('published_on', { mode: 'string' }).notNull(),
  note: text('note').notNull(),
}).enableRLS();

export const biomarkers = pgTable('biomarkers', {
  code: text('code').primaryKey(),
  catalogVersion: integer('catalog_version').notNull(),
  loinc: text('loinc').notNull(),
  namePt: text('name_pt').notNull(),
  nameEn: text('name_en').notNull(),
  category: text('category').notNull(),
  unit: text('unit').notNull(),
  decimals: smallint('decimals').notNull(),
  sortOrder: smallint('sort_order').notNull(),
}).enableRLS();

export const biomarkerUnits = pgTable('biomarker_units', {
  biomarkerCode: text('biomarker_code').notNull(),
  unit: text('unit').notNull(),
  catalogVersion: integer('catalog_version').notNull(),
  factorNumerator: num('factor_numerator').notNull(),
  factorDenominator: num('factor_denominator').notNull(),
  offsetValue: num('offset_value').notNull(),
}, (t) => [primaryKey({ columns: [t.biomarkerCode, t.unit] })]).enableRLS();

export const biomarkerRanges = pgTable('biomarker_ranges', {
  biomarkerCode: text('biomarker_code').notNull(),
  catalogVersion: integer('catalog_version').notNull(),
  sex: text('sex', { enum: ['any', 'female', 'male'] }).notNull(),
  ageFromYears: smallint('age_from_years').notNull(),
  ageToYears: smallint('age_to_years'),
  low: num('low'),
  high: num('high'),
  criticalLow: num('critical_low'),
  criticalHigh: num('critical_high'),
  source: text('source').notNull(),
}, (t) => [primaryKey({ columns: [t.biomarkerCode, t.catalogVersion, t.sex, t.ageFromYears] })]).enableRLS();

export const labPanels = pgTable('lab_panels', {
  id: uuid('id').primaryKey(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  collectedOn: date('collected_on', { mode: 'string' }).notNull(),
  laboratory: text('laboratory'),
  uploadId: uuid('upload_id'),
  examBlob: text('exam_blob'),
  examContentType: text('exam_content_type'),
  catalogVersion: integer('catalog_version').notNull(),
  recordedByRole: text('recorded_by_role', { enum: ['professional', 'patient'] }).notNull(),
  recordedByUserId: uuid('recorded_by_user_id').notNull(),
  ...timestamps,
}).enableRLS();

export const labValues = pgTable('lab_values', {
  panelId: uuid('panel_id').notNull(),
  professionalId: uuid('professional_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  biomarkerCode: text('biomarker_code').notNull(),
  collectedOn: date('collected_on', { mode: 'string' }).notNull(),
  value: num('value').notNull(),
  originalValue: num('original_value').notNull(),
  originalUnit: text('original_unit').notNull(),
}, (t) => [primaryKey({ columns: [t.panelId, t.biomarkerCode] })]).enableRLS();
