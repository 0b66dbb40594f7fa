-- Lab panels (issue 10, seed V1.2; ADR 0020): a panel is one collection (date, laboratory, optional exam file),
-- its values one row per biomarker, stored in the catalog's canonical unit with what the lab reported kept beside.
-- Flags (low/normal/high/critical) are NOT stored: they are derived on read from the catalog and the patient's
-- sex and age at collection, so recording the sex later, or a revised catalog version, re-flags old values.
CREATE TABLE lab_panels (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  collected_on date NOT NULL,
  laboratory text CHECK (length(laboratory) BETWEEN 1 AND 120),
  -- The exam file, copied from the confirmed upload into the `documents` container (never written again).
  upload_id uuid UNIQUE REFERENCES uploads(id),
  exam_blob text,
  exam_content_type text CHECK (exam_content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf')),
  catalog_version integer NOT NULL REFERENCES biomarker_catalog_versions(version),
  recorded_by_role text NOT NULL CHECK (recorded_by_role IN ('professional', 'patient')),
  recorded_by_user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((exam_blob IS NULL) = (exam_content_type IS NULL))
);
-- Newest first per patient (the list's keyset).
CREATE INDEX lab_panels_patient_idx ON lab_panels (patient_id, collected_on DESC, id DESC);

CREATE TABLE lab_values (
  panel_id uuid NOT NULL REFERENCES lab_panels(id) ON DELETE CASCADE,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  biomarker_code text NOT NULL REFERENCES biomarkers(code),
  -- The panel's date again, so a per-biomarker series is one index range scan.
  collected_on date NOT NULL,
  value numeric NOT NULL CHECK (value >= 0),
  original_value numeric NOT NULL CHECK (original_value >= 0),
  original_unit text NOT NULL CHECK (length(original_unit) BETWEEN 1 AND 20),
  PRIMARY KEY (panel_id, biomarker_code)
);
CREATE INDEX lab_values_series_idx ON lab_values (patient_id, biomarker_code, collected_on)
  INCLUDE (panel_id, value, original_value, original_unit);

ALTER TABLE lab_panels ENABLE ROW LEVEL SECURITY;
ALTER TABLE lab_panels FORCE ROW LEVEL SECURITY;
ALTER TABLE lab_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE lab_values FORCE ROW LEVEL SECURITY;
-- Professional: its tenant's rows, writes only for a patient of its own. Patient: its own rows, writes only as
-- itself. System: retention, anonymisation, exports.
CREATE POLICY lab_panels_professional ON lab_panels FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND recorded_by_role = 'professional'
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = lab_panels.professional_id));
CREATE POLICY lab_panels_patient_read ON lab_panels FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY lab_panels_patient_insert ON lab_panels FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND recorded_by_role = 'patient');
CREATE POLICY lab_panels_system ON lab_panels FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

CREATE POLICY lab_values_professional ON lab_values FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND EXISTS (SELECT 1 FROM lab_panels l WHERE l.id = panel_id AND l.patient_id = lab_values.patient_id));
CREATE POLICY lab_values_patient_read ON lab_values FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY lab_values_patient_insert ON lab_values FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND EXISTS (SELECT 1 FROM lab_panels l WHERE l.id = panel_id AND l.patient_id = lab_values.patient_id));
CREATE POLICY lab_values_system ON lab_values FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Panels are immutable for the app (a wrong one is deleted and entered again; no delete route yet).
GRANT SELECT, INSERT, DELETE ON lab_panels, lab_values TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON lab_panels, lab_values TO korevitta_system;
