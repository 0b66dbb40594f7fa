-- migrate:as-login
-- Issue 11 remainder (ADR 0018): logos and the storage cap on top of issue 10's uploads. Runs as the login (like
-- 0013) because two functions are handed to korevitta_system and the backfill must see every tenant.
SET LOCAL ROLE korevitta_owner;

-- stored_bytes: the size of the file as it was confirmed (the blob's, not the declared one). The plan's storage cap
-- counts it: a practice's usage is the sum over its confirmed uploads that still hold their bytes; deleting a
-- photo or replacing a logo releases them (back to null).
ALTER TABLE uploads ADD COLUMN stored_bytes bigint CHECK (stored_bytes IS NULL OR (stored_bytes >= 0 AND status = 'confirmed'));
CREATE INDEX uploads_stored_bytes_idx ON uploads (professional_id) INCLUDE (stored_bytes) WHERE stored_bytes IS NOT NULL;

-- A branding's logo is one of the practice's confirmed logo uploads (retention deletes unconfirmed uploads only).
-- Until now every logo id was refused, so no existing row points anywhere.
ALTER TABLE brandings ADD CONSTRAINT brandings_logo_upload_fk FOREIGN KEY (logo_upload_id) REFERENCES uploads(id);

-- A patient sees its practice's logo (GET /v1/me gives a short-lived read URL): it may read the practice's
-- confirmed logo uploads, and nothing else of the practice's uploads.
CREATE POLICY uploads_patient_logo ON uploads FOR SELECT TO korevitta_app
  USING (purpose = 'logo' AND status = 'confirmed' AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');

-- The storage cap is decided when a patient uploads too, and a patient's RLS sees neither the practice's
-- subscription nor the other patients' uploads. These two read exactly what the decision needs, for the caller's
-- own practice only (app_ctx.professional_id()), as korevitta_system (its USING (true) policies), search_path
-- pinned, EXECUTE for the app role only.
CREATE FUNCTION app_ctx.practice_stored_bytes() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT COALESCE(sum(u.stored_bytes), 0)::bigint FROM public.uploads u
  WHERE u.professional_id = app_ctx.professional_id() AND u.stored_bytes IS NOT NULL
$$;

CREATE FUNCTION app_ctx.practice_plan_state()
RETURNS TABLE (plan_code text, status text, past_due_since timestamptz, current_period_start timestamptz, current_period_end timestamptz,
  last_event_at timestamptz, revision integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT s.plan_code, s.status, s.past_due_since, s.current_period_start, s.current_period_end, s.last_event_at, s.revision
  FROM public.subscriptions s WHERE s.professional_id = app_ctx.professional_id()
$$;
REVOKE ALL ON FUNCTION app_ctx.practice_stored_bytes(), app_ctx.practice_plan_state() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.practice_stored_bytes(), app_ctx.practice_plan_state() TO korevitta_app;

GRANT CREATE ON SCHEMA app_ctx TO korevitta_system;
RESET ROLE;
ALTER FUNCTION app_ctx.practice_stored_bytes() OWNER TO korevitta_system;
ALTER FUNCTION app_ctx.practice_plan_state() OWNER TO korevitta_system;
SET LOCAL ROLE korevitta_owner;
REVOKE CREATE ON SCHEMA app_ctx FROM korevitta_system;
RESET ROLE;

-- Backfill as korevitta_system (its policies see every tenant): confirmed uploads still in use hold their
-- declared size (the blob's size was checked against the purpose's cap at confirmation, not recorded).
SET LOCAL ROLE korevitta_system;
UPDATE uploads SET stored_bytes = declared_bytes
  WHERE status = 'confirmed' AND (purpose <> 'progress_photo' OR EXISTS (SELECT 1 FROM progress_photos p WHERE p.upload_id = uploads.id));
RESET ROLE;
