-- Issue 9: the tenant-context readers become inlinable SQL functions.
--
-- Every RLS policy reads the caller's identity through app_ctx.user_id(), professional_id(), patient_id() and
-- role() (0001). Declared with `SET search_path`, each call went through the function manager's GUC save and
-- restore and the SQL-function executor, two levels deep (user_id -> uuid_setting): the planner cannot inline a
-- function that carries a SET clause. Measured with pgbench on the bench database (BEGIN, the tenant settings, a
-- primary-key read of auth_sessions under its policy, COMMIT): ~8,000 -> ~12,000 transactions/s; the session
-- check ~5,400 -> ~9,900 (docs/BENCHMARKS.md).
--
-- Same meaning, fail closed as before: a missing, empty or malformed setting reads as NULL, and NULL matches no
-- row. Without a pinned search_path the bodies name everything by schema (functions, operators, types), so the
-- caller's search_path cannot redirect them; they are SECURITY INVOKER, where a pinned path is not required.
CREATE OR REPLACE FUNCTION app_ctx.uuid_setting(setting_name text) RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN pg_catalog.current_setting(setting_name, true)
      OPERATOR(pg_catalog.~) '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    THEN pg_catalog.current_setting(setting_name, true)::pg_catalog.uuid END
$$;

CREATE OR REPLACE FUNCTION app_ctx.user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT app_ctx.uuid_setting('app.user_id') $$;

CREATE OR REPLACE FUNCTION app_ctx.professional_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT app_ctx.uuid_setting('app.professional_id') $$;

CREATE OR REPLACE FUNCTION app_ctx.patient_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT app_ctx.uuid_setting('app.patient_id') $$;

CREATE OR REPLACE FUNCTION app_ctx.role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN pg_catalog.current_setting('app.role', true) OPERATOR(pg_catalog.=) ANY (ARRAY['professional', 'patient'])
    THEN pg_catalog.current_setting('app.role', true) END
$$;
