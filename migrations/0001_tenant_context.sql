-- The caller's identity lives in transaction-local settings (set_config(..., true)).
-- These readers fail closed: a missing, empty or malformed value yields NULL, and NULL matches no row.
CREATE SCHEMA app_ctx AUTHORIZATION korevitta_owner;

CREATE FUNCTION app_ctx.uuid_setting(setting_name text) RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
  SELECT CASE
    WHEN v ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN v::uuid
  END
  FROM (SELECT current_setting(setting_name, true) AS v) s
$$;

CREATE FUNCTION app_ctx.user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog AS $$ SELECT app_ctx.uuid_setting('app.user_id') $$;

CREATE FUNCTION app_ctx.professional_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog AS $$ SELECT app_ctx.uuid_setting('app.professional_id') $$;

CREATE FUNCTION app_ctx.patient_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog AS $$ SELECT app_ctx.uuid_setting('app.patient_id') $$;

CREATE FUNCTION app_ctx.role() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog AS $$
  SELECT CASE WHEN current_setting('app.role', true) IN ('professional', 'patient')
    THEN current_setting('app.role', true) END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app_ctx FROM PUBLIC;
GRANT USAGE ON SCHEMA app_ctx TO korevitta_app, korevitta_system;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app_ctx TO korevitta_app, korevitta_system;
