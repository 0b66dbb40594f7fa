-- LGPD data exports (issue 12, Art. 18 II and V; ADR 0021): a patient exports its own data, a professional one
-- patient's or its whole account. The row is the request and its state; the ZIP lives in the private `exports`
-- container under {professional_id}/{patient_id or 'account'}/{id}.zip (one name per export, so a rebuilt export
-- overwrites, never adds; a patient's exports sit in its folder, which the anonymisation's blob purge empties).
-- Rows and blobs go 7 days after the request (retention job; the container's lifecycle rule is the backstop).
CREATE TABLE data_exports (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  -- The subject of a patient export; null for a whole-account export.
  patient_id uuid REFERENCES patients(id),
  scope text NOT NULL CHECK (scope IN ('patient', 'account')),
  requested_by uuid NOT NULL,
  requester_role text NOT NULL CHECK (requester_role IN ('professional', 'patient')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed')),
  blob_name text UNIQUE,
  bytes bigint CHECK (bytes >= 0),
  file_count integer CHECK (file_count >= 0),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  failure_reason text CHECK (failure_reason IN ('build_error')),
  started_at timestamptz,
  completed_at timestamptz,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'patient') = (patient_id IS NOT NULL)),
  CHECK (requester_role = 'professional' OR scope = 'patient'),
  CHECK ((status = 'ready') = (blob_name IS NOT NULL AND completed_at IS NOT NULL))
);
-- The daily quota counts a requester's exports of the last 24 h; retention finds the expired ones.
CREATE INDEX data_exports_requested_by_idx ON data_exports (requested_by, created_at);
CREATE INDEX data_exports_expires_idx ON data_exports (expires_at);

ALTER TABLE data_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_exports FORCE ROW LEVEL SECURITY;
-- An export is visible to whoever may see its subject's data, in its tenant: the professional every export of its
-- account (its own requests and its patients'), a patient the exports of itself (its own and those its professional
-- made of it; never an account export). Each creates only its own requests: a professional for a patient of its own
-- or the account, a patient for itself. The app never updates or deletes one: the build and the retention run as the
-- system role.
CREATE POLICY data_exports_professional ON data_exports FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY data_exports_professional_insert ON data_exports FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND requester_role = 'professional' AND requested_by = (SELECT app_ctx.user_id())
    AND (patient_id IS NULL OR EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = data_exports.professional_id)));
CREATE POLICY data_exports_patient ON data_exports FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND scope = 'patient');
CREATE POLICY data_exports_patient_insert ON data_exports FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND scope = 'patient' AND requester_role = 'patient' AND requested_by = (SELECT app_ctx.user_id()));
CREATE POLICY data_exports_system ON data_exports FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

GRANT SELECT, INSERT ON data_exports TO korevitta_app;
GRANT SELECT, UPDATE, DELETE ON data_exports TO korevitta_system;
