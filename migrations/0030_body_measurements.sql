-- Body measurements (issue 10, seed V1.1): typed columns, one row per measurement, entered by the professional or
-- by the patient (recorded_by_*). Ranges are the plausible ones of packages/domain/src/progress/measurements.ts,
-- kept here too so no writer can store an impossible value. Derived values (BMI, waist-to-hip ratio, changes) are
-- computed on read, never stored.
CREATE TABLE body_measurements (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  measured_on date NOT NULL,
  weight_kg numeric(5, 2) CHECK (weight_kg BETWEEN 20 AND 400),
  height_cm numeric(5, 1) CHECK (height_cm BETWEEN 50 AND 250),
  body_fat_pct numeric(4, 1) CHECK (body_fat_pct BETWEEN 2 AND 75),
  lean_mass_kg numeric(5, 2) CHECK (lean_mass_kg BETWEEN 10 AND 250),
  waist_cm numeric(5, 1) CHECK (waist_cm BETWEEN 30 AND 250),
  hip_cm numeric(5, 1) CHECK (hip_cm BETWEEN 40 AND 250),
  chest_cm numeric(5, 1) CHECK (chest_cm BETWEEN 40 AND 250),
  arm_cm numeric(5, 1) CHECK (arm_cm BETWEEN 10 AND 80),
  thigh_cm numeric(5, 1) CHECK (thigh_cm BETWEEN 20 AND 120),
  calf_cm numeric(5, 1) CHECK (calf_cm BETWEEN 15 AND 80),
  recorded_by_role text NOT NULL CHECK (recorded_by_role IN ('professional', 'patient')),
  recorded_by_user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(weight_kg, height_cm, body_fat_pct, lean_mass_kg, waist_cm, hip_cm, chest_cm, arm_cm, thigh_cm, calf_cm) > 0)
);
CREATE INDEX body_measurements_patient_idx ON body_measurements (patient_id, measured_on, created_at);
-- The risk score's "days since last activity" reads the newest measurement a patient recorded itself: one
-- index-only probe per patient (packages/db/src/risk/signals-sql.ts).
CREATE INDEX body_measurements_patient_activity_idx ON body_measurements (patient_id, created_at) WHERE recorded_by_role = 'patient';

ALTER TABLE body_measurements ENABLE ROW LEVEL SECURITY;
ALTER TABLE body_measurements FORCE ROW LEVEL SECURITY;
-- Professional: its tenant's rows, and writes only for a patient of its own. Patient: its own rows, writes only
-- as itself. System: jobs (risk signals, retention).
CREATE POLICY body_measurements_professional ON body_measurements FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND recorded_by_role = 'professional'
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = body_measurements.professional_id));
CREATE POLICY body_measurements_patient_read ON body_measurements FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY body_measurements_patient_insert ON body_measurements FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND recorded_by_role = 'patient');
CREATE POLICY body_measurements_system ON body_measurements FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Measurements are immutable for the app (a wrong one is deleted by the professional and entered again).
GRANT SELECT, INSERT, DELETE ON body_measurements TO korevitta_app;
GRANT SELECT, INSERT, DELETE ON body_measurements TO korevitta_system;

-- A patient's own measurement asks for a risk recalculation, like a completed task or logged water.
ALTER TABLE risk_recalc_requests DROP CONSTRAINT risk_recalc_requests_reason_check;
ALTER TABLE risk_recalc_requests ADD CONSTRAINT risk_recalc_requests_reason_check
  CHECK (reason IN ('checkin_submitted', 'checkin_late', 'checkin_missed', 'task_completed', 'task_undone', 'water_logged', 'nightly', 'measurement_recorded'));
