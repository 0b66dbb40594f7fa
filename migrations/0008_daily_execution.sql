-- Daily execution (seed §10.4, issue 3): tasks materialized from the active protocol version per patient-local
-- date, their completions, and water intake logs (monthly range partitions).
--
-- Completions live in their own table rather than as a column of daily_tasks:
--  * the patient never needs UPDATE on daily_tasks (it cannot touch titles, targets or versions): it may only
--    insert or delete its own completion rows, so least privilege is expressible as grants + policies;
--  * complete / undo are idempotent by construction (primary key + ON CONFLICT DO NOTHING, DELETE);
--  * regeneration ("replace future, uncompleted tasks") is a plain anti-join, and completed tasks survive it.

-- The hot table (about ten rows per patient per week, written by the hourly job). It is derived data, written
-- only by the materialization statement, which selects patient, professional and protocol ids from the rows
-- themselves in the same statement; patients and protocols are only ever soft-deleted. So it carries no
-- foreign keys: each one is an AFTER trigger call and an index probe per row (measured at a quarter of the
-- job's time on 1M rows, docs/BENCHMARKS.md "generate_daily_tasks").
CREATE TABLE daily_tasks (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  task_date date NOT NULL,
  task_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('meal', 'training', 'supplement', 'hydration')),
  title text NOT NULL,
  scheduled_time time,
  target_ml integer CHECK (target_ml IS NULL OR target_ml > 0),
  protocol_id uuid NOT NULL,
  protocol_version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One task per key per patient-local day: the conflict target of every materialization. Its leading
-- (patient_id, task_date) columns also serve "today's tasks" and the adherence range scans.
CREATE UNIQUE INDEX daily_tasks_patient_day_key ON daily_tasks (patient_id, task_date, task_key);

-- How far each patient's tasks are materialized, and from which version: the hourly job skips a patient whose
-- horizon is complete for its current version, so a run with nothing to do costs one scan of active protocols
-- instead of a conflict probe per task. Written with the tasks, in the same statement.
CREATE TABLE daily_task_horizons (
  patient_id uuid PRIMARY KEY REFERENCES patients(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  protocol_id uuid NOT NULL REFERENCES protocols(id),
  protocol_version integer NOT NULL,
  through_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE daily_task_completions (
  task_id uuid PRIMARY KEY REFERENCES daily_tasks(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  completed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX daily_task_completions_patient_idx ON daily_task_completions (patient_id);

-- Partition key logged_at (an instant); log_date is the patient-local date it counts for.
CREATE TABLE water_intake_logs (
  id uuid NOT NULL,
  professional_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  logged_at timestamptz NOT NULL,
  log_date date NOT NULL,
  amount_ml integer NOT NULL CHECK (amount_ml BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, logged_at, id)
) PARTITION BY RANGE (logged_at);
CREATE TABLE water_intake_logs_default PARTITION OF water_intake_logs DEFAULT;
ALTER TABLE water_intake_logs_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE water_intake_logs_default FORCE ROW LEVEL SECURITY;
CREATE INDEX water_intake_logs_patient_day_idx ON water_intake_logs (patient_id, log_date);

-- Row level security. Professional: its tenant's rows. Patient: its own rows only. System: jobs.
ALTER TABLE daily_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE daily_tasks FORCE ROW LEVEL SECURITY;
-- The professional materializes its patients' tasks when it activates or edits a protocol (same transaction).
CREATE POLICY daily_tasks_professional_read ON daily_tasks FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY daily_tasks_professional_insert ON daily_tasks FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY daily_tasks_professional_delete ON daily_tasks FOR DELETE TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY daily_tasks_patient_read ON daily_tasks FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY daily_tasks_system ON daily_tasks FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE daily_task_horizons ENABLE ROW LEVEL SECURITY;
ALTER TABLE daily_task_horizons FORCE ROW LEVEL SECURITY;
CREATE POLICY daily_task_horizons_professional ON daily_task_horizons FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY daily_task_horizons_system ON daily_task_horizons FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE daily_task_completions ENABLE ROW LEVEL SECURITY;
ALTER TABLE daily_task_completions FORCE ROW LEVEL SECURITY;
CREATE POLICY daily_task_completions_professional_read ON daily_task_completions FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY daily_task_completions_patient_read ON daily_task_completions FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
-- A patient completes only its own tasks: the row names the patient and the task must be one it can see as its own.
CREATE POLICY daily_task_completions_patient_insert ON daily_task_completions FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND EXISTS (SELECT 1 FROM daily_tasks t WHERE t.id = task_id AND t.patient_id = (SELECT app_ctx.patient_id())));
CREATE POLICY daily_task_completions_patient_delete ON daily_task_completions FOR DELETE TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY daily_task_completions_system ON daily_task_completions FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE water_intake_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE water_intake_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY water_intake_logs_professional_read ON water_intake_logs FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY water_intake_logs_patient_read ON water_intake_logs FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY water_intake_logs_patient_insert ON water_intake_logs FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY water_intake_logs_system ON water_intake_logs FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Least privilege: no UPDATE for the app on tasks, completions or water logs (append-only for it); the horizon
-- marker is upserted by materialization (policy: professional of the tenant only).
GRANT SELECT, INSERT, DELETE ON daily_tasks, daily_task_completions TO korevitta_app;
GRANT SELECT, INSERT ON water_intake_logs TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON daily_task_horizons TO korevitta_app;
GRANT SELECT, INSERT, DELETE ON daily_tasks, daily_task_completions, water_intake_logs TO korevitta_system;
GRANT SELECT, INSERT, UPDATE, DELETE ON daily_task_horizons TO korevitta_system;

SELECT app_ctx.ensure_monthly_partitions('water_intake_logs', current_date, 3);
