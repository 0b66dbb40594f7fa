-- Uploads and progress photos (issue 10, seed V1.1; ADR 0017). An upload row is the only way to a blob: the client
-- gets a write-only URL for one blob named {professionalId}/{patientId|practice}/{uuid}; confirming checks the file
-- and turns it into a photo (or, for issue 11, a logo). Unconfirmed uploads go after 24 h (retention job).
CREATE TABLE uploads (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid REFERENCES patients(id),
  requested_by uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('progress_photo', 'lab_exam', 'logo')),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf')),
  declared_bytes integer NOT NULL CHECK (declared_bytes > 0),
  blob_name text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  expires_at timestamptz NOT NULL,
  settled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'logo') = (patient_id IS NULL))
);
-- The daily quota counts a user's requests of the last 24 h; retention finds the old unconfirmed ones.
CREATE INDEX uploads_requested_by_idx ON uploads (requested_by, created_at);
CREATE INDEX uploads_unconfirmed_idx ON uploads (created_at) WHERE status <> 'confirmed';

CREATE TABLE progress_photos (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  upload_id uuid NOT NULL UNIQUE REFERENCES uploads(id),
  pose text NOT NULL CHECK (pose IN ('front', 'side', 'back', 'other')),
  taken_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'ready', 'failed')),
  failure_reason text CHECK (failure_reason IN ('unreadable_image')),
  -- The upload's blob until the job has made the stripped sizes; then null (the original is deleted).
  original_blob text,
  display_blob text,
  thumbnail_blob text,
  width integer CHECK (width > 0),
  height integer CHECK (height > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Newest first per patient, optionally one pose: the list and the side-by-side comparison.
CREATE INDEX progress_photos_patient_idx ON progress_photos (patient_id, taken_at DESC, id DESC);
CREATE INDEX progress_photos_patient_pose_idx ON progress_photos (patient_id, pose, taken_at DESC, id DESC);

ALTER TABLE uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE uploads FORCE ROW LEVEL SECURITY;
CREATE POLICY uploads_professional ON uploads FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND (patient_id IS NULL OR EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = uploads.professional_id)));
CREATE POLICY uploads_patient ON uploads FOR ALL TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient')
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY uploads_system ON uploads FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE progress_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE progress_photos FORCE ROW LEVEL SECURITY;
CREATE POLICY progress_photos_professional ON progress_photos FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = progress_photos.professional_id));
CREATE POLICY progress_photos_patient ON progress_photos FOR ALL TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient')
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
-- The thumbnail job and retention run as the system role.
CREATE POLICY progress_photos_system ON progress_photos FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON uploads TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON progress_photos TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON uploads, progress_photos TO korevitta_system;
