-- Patients CRM (issue 3): the columns the professional's list filters and sorts on, optimistic concurrency,
-- and the invite-request ledger behind the daily invite quota (TEST-CATALOG 17).

-- notes, phone and birth_date are personal/health-adjacent: never logged, never audited in clear.
-- search_text and sort_name are maintained by the app (lower case, accents stripped with NFD): the
-- accent-insensitive search ("joao" finds "João") needs no unaccent extension, which PGlite lacks.
-- sort_name uses the "C" collation so name order and the keyset cursor compare alike on every server.
ALTER TABLE patients
  ADD COLUMN phone text,
  ADD COLUMN birth_date date,
  ADD COLUMN notes text,
  ADD COLUMN search_text text NOT NULL DEFAULT '',
  ADD COLUMN sort_name text COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN risk_score smallint CHECK (risk_score BETWEEN 0 AND 100),
  ADD COLUMN risk_band text CHECK (risk_band IN ('low', 'moderate', 'high')),
  ADD COLUMN last_activity_at timestamptz,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  -- One integer that orders "who needs attention first": at_risk, then band, then score (null lowest).
  ADD COLUMN risk_rank integer NOT NULL GENERATED ALWAYS AS (
    (CASE WHEN status = 'at_risk' THEN 4 WHEN risk_band = 'high' THEN 3 WHEN risk_band = 'moderate' THEN 2
          WHEN risk_band = 'low' THEN 1 ELSE 0 END) * 1000 + COALESCE(risk_score + 1, 0)
  ) STORED;

-- Rows written before this migration (and raw test seeds): best-effort normalisation in SQL; the app
-- rewrites both columns on every create and update.
UPDATE patients SET
  search_text = translate(lower(name || ' ' || coalesce(email, '')), 'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn'),
  sort_name = translate(lower(name), 'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn');

-- The CRM list: one index per sort, live rows only (soft-deleted rows never appear in it).
CREATE INDEX patients_list_name_idx ON patients (professional_id, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX patients_list_risk_idx ON patients (professional_id, risk_rank DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX patients_list_activity_idx ON patients (professional_id, (COALESCE(last_activity_at, '1970-01-01 00:00:00+00'::timestamptz)) DESC, id DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX patients_list_status_idx ON patients (professional_id, status) WHERE deleted_at IS NULL;

-- Open invites of a patient (superseded on resend, e-mail change and deletion).
CREATE INDEX patient_invites_open_idx ON patient_invites (patient_id) WHERE accepted_at IS NULL AND superseded_at IS NULL;

-- One row per accepted invite request, written with the outbox event in the request's transaction: the
-- quota counts requests (not minted invites), so a burst before the worker runs cannot exceed it.
CREATE TABLE patient_invite_requests (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patient_invite_requests_quota_idx ON patient_invite_requests (professional_id, requested_at);
CREATE INDEX patient_invite_requests_patient_idx ON patient_invite_requests (patient_id, requested_at);

ALTER TABLE patient_invite_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_invite_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY patient_invite_requests_professional ON patient_invite_requests FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY patient_invite_requests_system ON patient_invite_requests FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
-- Append and read only: a ledger the app never rewrites.
GRANT SELECT, INSERT ON patient_invite_requests TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON patient_invite_requests TO korevitta_system;
