-- Risk score persistence and recalculation (issue 4, seed §10.3). The score is computed by the pure domain
-- (packages/domain/src/risk/score.ts) from signals read set-based (packages/db/src/risk/signals-sql.ts) and written
-- back here by the recalculation (event-driven, coalesced per patient, plus a nightly safety net).

-- The explained factors of the last assessment (factor, value, contribution, explanation: the same shape the
-- API returns), when it was computed, and when the risk engine last changed the status (active ⇄ at_risk).
-- The factors carry only the signals' values (rates, counts, days), never a form answer or a measurement.
ALTER TABLE patients
  ADD COLUMN risk_factors jsonb,
  ADD COLUMN risk_computed_at timestamptz,
  ADD COLUMN status_changed_at timestamptz;

-- The nightly recalculation reads the last 31 days of every patient in one pass. Tasks and completions are
-- written in date order (the hourly materialization, the patients' ticks), so a BRIN index on the date finds
-- that window without reading older history, for a few pages of index and almost no write cost.
CREATE INDEX daily_tasks_task_date_brin ON daily_tasks USING brin (task_date);
CREATE INDEX daily_task_completions_completed_at_brin ON daily_task_completions USING brin (completed_at);

-- One pending recalculation per patient: the coalescing point. Written in the transaction of the event that
-- asks for it (a task completed, water logged, a check-in submitted/late/missed) together with one outbox
-- message; while the row exists, further events add nothing. The consumer deletes it first, then recalculates.
-- A request older than a few minutes whose message was lost is re-armed by the next event (see requests.ts).
CREATE TABLE risk_recalc_requests (
  patient_id uuid PRIMARY KEY REFERENCES patients(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  reason text NOT NULL CHECK (reason IN ('checkin_submitted', 'checkin_late', 'checkin_missed', 'task_completed', 'task_undone', 'water_logged', 'nightly')),
  requested_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE risk_recalc_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE risk_recalc_requests FORCE ROW LEVEL SECURITY;
-- A professional asks for any patient of its tenant (the patient must be one it can see: patients RLS applies
-- inside the subquery); a patient only for itself; the system (consumers, jobs) for anyone.
CREATE POLICY risk_recalc_requests_professional ON risk_recalc_requests FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional')
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = risk_recalc_requests.professional_id));
CREATE POLICY risk_recalc_requests_patient ON risk_recalc_requests FOR ALL TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'))
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY risk_recalc_requests_system ON risk_recalc_requests FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Least privilege: the app inserts and reads requests and may only re-arm a stale one (its time and reason);
-- only the system deletes them. The system role already updates patients (0002).
GRANT SELECT, INSERT ON risk_recalc_requests TO korevitta_app;
GRANT UPDATE (reason, requested_at, updated_at) ON risk_recalc_requests TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON risk_recalc_requests TO korevitta_system;

-- last_activity_at never moves backwards: the recalculation reads recent activity (windows bounded so that
-- partitions are pruned) and keeps the newest of it and the stored value. Rows written before this migration
-- get their full history once, here. Tables force RLS even for their owner, so this data backfill runs as the
-- system role (the job role whose policies see every tenant), then hands back to the owner.
SET LOCAL ROLE korevitta_system;
UPDATE patients p SET last_activity_at = a.at
FROM (
  SELECT patient_id, max(at) AS at FROM (
    SELECT patient_id, max(completed_at) AS at FROM daily_task_completions GROUP BY patient_id
    UNION ALL SELECT patient_id, max(logged_at) FROM water_intake_logs GROUP BY patient_id
    UNION ALL SELECT patient_id, max(submitted_at) FROM checkins WHERE submitted_at IS NOT NULL GROUP BY patient_id
  ) x GROUP BY patient_id
) a
WHERE a.patient_id = p.id AND (p.last_activity_at IS NULL OR p.last_activity_at < a.at);
SET LOCAL ROLE korevitta_owner;
