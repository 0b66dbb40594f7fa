-- Patient access log (issue 12, seed §8.5 "trilha de acesso"): who read which patient's health data, when, and
-- what kind of it. See docs/adr/0019-analytics-views-and-lgpd.md.
--
-- The read path must not pay for it: a read appends one row to an UNLOGGED buffer in its own tenant transaction
-- (no WAL for the row, so the read's commit does not wait for a WAL flush), and a timer moves the buffer into the
-- monthly-partitioned log every minute, set-based. The price is stated: a crash of the database server (not of
-- an app instance) truncates unlogged tables, losing at most the last minute of access entries; the reads
-- themselves are unaffected.

CREATE UNLOGGED TABLE patient_access_buffer (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  actor_user_id uuid,
  actor_role text NOT NULL CHECK (actor_role IN ('professional', 'patient', 'system')),
  -- What was read (packages/domain/src/compliance/access-log.ts ACCESS_KINDS); a slug, so a new kind needs no migration.
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  request_id text CHECK (request_id IS NULL OR char_length(request_id) <= 64),
  accessed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE patient_access_buffer ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_access_buffer FORCE ROW LEVEL SECURITY;
-- The app only appends, for its own tenant and as itself; it can never read or change the buffer.
CREATE POLICY patient_access_buffer_append ON patient_access_buffer FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND actor_user_id = (SELECT app_ctx.user_id()));
CREATE POLICY patient_access_buffer_system ON patient_access_buffer FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT INSERT ON patient_access_buffer TO korevitta_app;
-- UPDATE only because the drain locks the rows it moves (SELECT … FOR UPDATE SKIP LOCKED); it never updates one.
GRANT SELECT, INSERT, UPDATE, DELETE ON patient_access_buffer TO korevitta_system;

CREATE TABLE patient_access_log (
  id uuid NOT NULL,
  professional_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  actor_user_id uuid,
  actor_role text NOT NULL CHECK (actor_role IN ('professional', 'patient', 'system')),
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  request_id text,
  accessed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (professional_id, accessed_at, id)
) PARTITION BY RANGE (accessed_at);
CREATE TABLE patient_access_log_default PARTITION OF patient_access_log DEFAULT;
ALTER TABLE patient_access_log_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_access_log_default FORCE ROW LEVEL SECURITY;
-- GET /v1/patients/{id}/access-log: one patient's entries, newest first.
CREATE INDEX patient_access_log_patient_idx ON patient_access_log (professional_id, patient_id, accessed_at DESC, id DESC);

ALTER TABLE patient_access_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_access_log FORCE ROW LEVEL SECURITY;
-- Append-only history: the professional reads its tenant's entries, a patient its own (its export shows them);
-- only the drain (system) writes.
CREATE POLICY patient_access_log_professional ON patient_access_log FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY patient_access_log_patient ON patient_access_log FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY patient_access_log_system ON patient_access_log FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT ON patient_access_log TO korevitta_app;
GRANT SELECT, INSERT ON patient_access_log TO korevitta_system;

SELECT app_ctx.ensure_monthly_partitions('patient_access_log', current_date, 3);
