-- Check-ins (issue 4, seed §10.2): a professional's form templates with immutable versions, one schedule per
-- patient, and the check-in instances (monthly partitions on due_at) whose life is the pure state machine in
-- packages/domain/src/checkins/state-machine.ts, advanced by scheduled queue messages and the
-- check_missed_checkins sweep.
--
-- Responses are health data (LGPD Art. 11): they live only in `checkins.responses`, are never audited in
-- clear, never logged and never e-mailed.

CREATE TABLE checkin_forms (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  description text CHECK (description IS NULL OR char_length(description) BETWEEN 1 AND 1000),
  -- The version new instances answer; bumped when a new version is published (same transaction).
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkin_forms_professional_idx ON checkin_forms (professional_id, created_at DESC, id DESC);

-- Immutable: a published schema never changes, so a response always has the schema it was validated against.
CREATE TABLE checkin_form_versions (
  form_id uuid NOT NULL REFERENCES checkin_forms(id),
  version integer NOT NULL CHECK (version >= 1),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  form_schema jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (form_id, version)
);

-- One schedule per patient. The time zone is the patient's (patients.timezone), read when an instance is
-- created. A change applies from the next instance: the open one keeps its times and form version.
CREATE TABLE checkin_schedules (
  patient_id uuid PRIMARY KEY REFERENCES patients(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  form_id uuid NOT NULL REFERENCES checkin_forms(id),
  cadence text NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly', 'custom')),
  every_days integer CHECK (every_days BETWEEN 1 AND 90),
  due_time text NOT NULL CHECK (due_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  grace_hours integer NOT NULL CHECK (grace_hours BETWEEN 0 AND 168),
  anchor_date date NOT NULL,
  -- A disabled schedule creates no next instance; the open one runs its course.
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((cadence = 'custom') = (every_days IS NOT NULL))
);

-- Partition key due_at. The primary key (patient_id, due_at) is also "a patient's check-ins" and is unique: creating "the instance after X" twice (a replayed
-- message, the sweep racing a consumer) computes the same due instant and collapses on this key.
-- next_transition_at is when the sweep must look at the row again (null once closed: submitted, reviewed,
-- missed); the state machine's nextTransitionAt().
CREATE TABLE checkins (
  id uuid NOT NULL,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  form_id uuid NOT NULL REFERENCES checkin_forms(id),
  form_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'pending', 'late', 'submitted', 'reviewed', 'missed')),
  opens_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  grace_ends_at timestamptz NOT NULL,
  opened_at timestamptz,
  late_at timestamptz,
  missed_at timestamptz,
  submitted_at timestamptz,
  submitted_late boolean,
  responses jsonb,
  reviewed_at timestamptz,
  reviewer_id uuid,
  review_notes text CHECK (review_notes IS NULL OR char_length(review_notes) BETWEEN 1 AND 4000),
  next_transition_at timestamptz,
  -- The inbox order: answered ones by answer time (oldest waiting review first), the others by due time.
  inbox_at timestamptz NOT NULL GENERATED ALWAYS AS (COALESCE(submitted_at, due_at)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, due_at),
  CHECK (opens_at <= due_at AND due_at <= grace_ends_at),
  CHECK ((status IN ('submitted', 'reviewed')) = (submitted_at IS NOT NULL AND responses IS NOT NULL)),
  CHECK ((status = 'reviewed') = (reviewed_at IS NOT NULL)),
  CHECK ((status IN ('scheduled', 'pending', 'late')) = (next_transition_at IS NOT NULL))
) PARTITION BY RANGE (due_at);
CREATE TABLE checkins_default PARTITION OF checkins DEFAULT;
ALTER TABLE checkins_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkins_default FORCE ROW LEVEL SECURITY;
CREATE INDEX checkins_id_idx ON checkins (id);
-- The professional's inbox (always filtered by status: default submitted, oldest first) and the sweep's work
-- list. Every index here is written by each step of the sweep, so there is no second inbox index for "all".
CREATE INDEX checkins_inbox_idx ON checkins (professional_id, status, inbox_at, id);
CREATE INDEX checkins_sweep_idx ON checkins (next_transition_at) WHERE next_transition_at IS NOT NULL;

-- Row level security. Professional: its tenant's forms, schedules and check-ins. Patient: its own schedule and
-- check-ins, and the form versions its check-ins answer. System: the timing consumer and the sweep.
ALTER TABLE checkin_forms ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkin_forms FORCE ROW LEVEL SECURITY;
CREATE POLICY checkin_forms_professional ON checkin_forms FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'));
-- A patient's submit creates the next instance, bound to the form's current version, so the patient reads its
-- practice's form headers (name, current version: no patient data). Not narrowed by a subquery on
-- checkin_schedules: that table's policy reads checkin_forms, and policies must not recurse.
CREATE POLICY checkin_forms_patient_read ON checkin_forms FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY checkin_forms_system ON checkin_forms FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE checkin_form_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkin_form_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY checkin_form_versions_professional ON checkin_form_versions FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional')
    AND EXISTS (SELECT 1 FROM checkin_forms f WHERE f.id = form_id AND f.professional_id = checkin_form_versions.professional_id));
-- Only the versions its own check-ins answer (checkins RLS applies inside the subquery).
CREATE POLICY checkin_form_versions_patient_read ON checkin_form_versions FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient')
    AND EXISTS (SELECT 1 FROM checkins c WHERE c.form_id = checkin_form_versions.form_id AND c.form_version = checkin_form_versions.version));
CREATE POLICY checkin_form_versions_system ON checkin_form_versions FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE checkin_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkin_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY checkin_schedules_professional ON checkin_schedules FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional')
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = checkin_schedules.professional_id)
    AND EXISTS (SELECT 1 FROM checkin_forms f WHERE f.id = form_id AND f.professional_id = checkin_schedules.professional_id));
CREATE POLICY checkin_schedules_patient_read ON checkin_schedules FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY checkin_schedules_system ON checkin_schedules FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE checkins ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkins FORCE ROW LEVEL SECURITY;
-- Both roles bind a check-in only to a form of their own practice (the foreign key alone ignores RLS).
CREATE POLICY checkins_professional ON checkins FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional')
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = checkins.professional_id)
    AND EXISTS (SELECT 1 FROM checkin_forms f WHERE f.id = form_id AND f.professional_id = checkins.professional_id));
-- The patient reads and answers its own check-ins, and its submit creates its next one: it inserts only a fresh
-- (scheduled, unanswered) instance of its schedule's form at its current version, and never writes a review
-- (column grants cannot tell the roles apart).
CREATE POLICY checkins_patient_read ON checkins FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY checkins_patient_insert ON checkins FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient')
    AND status = 'scheduled' AND submitted_at IS NULL AND responses IS NULL AND reviewed_at IS NULL AND reviewer_id IS NULL AND review_notes IS NULL
    AND EXISTS (SELECT 1 FROM checkin_schedules s JOIN checkin_forms f ON f.id = s.form_id
      WHERE s.patient_id = checkins.patient_id AND f.id = checkins.form_id AND f.current_version = checkins.form_version));
CREATE POLICY checkins_patient_update ON checkins FOR UPDATE TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'))
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient')
    AND status <> 'reviewed' AND reviewed_at IS NULL AND reviewer_id IS NULL AND review_notes IS NULL);
CREATE POLICY checkins_system ON checkins FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Least privilege: nothing is ever deleted; a form version is never updated; a check-in's identity, timing and
-- form are fixed at creation (only its lifecycle columns move).
GRANT SELECT, INSERT ON checkin_forms, checkin_form_versions, checkin_schedules, checkins TO korevitta_app;
GRANT UPDATE (current_version, name, description, updated_at) ON checkin_forms TO korevitta_app;
GRANT UPDATE (form_id, cadence, every_days, due_time, grace_hours, anchor_date, enabled, version, updated_by, updated_at) ON checkin_schedules TO korevitta_app;
GRANT UPDATE (status, opened_at, late_at, missed_at, submitted_at, submitted_late, responses, reviewed_at, reviewer_id, review_notes,
  next_transition_at, updated_at) ON checkins TO korevitta_app;
GRANT SELECT, INSERT ON checkin_forms, checkin_form_versions, checkin_schedules, checkins TO korevitta_system;
GRANT UPDATE (current_version, updated_at) ON checkin_forms TO korevitta_system;
GRANT UPDATE (status, opened_at, late_at, missed_at, submitted_at, submitted_late, responses, reviewed_at, reviewer_id, review_notes,
  next_transition_at, updated_at) ON checkins TO korevitta_system;

SELECT app_ctx.ensure_monthly_partitions('checkins', current_date, 3);
