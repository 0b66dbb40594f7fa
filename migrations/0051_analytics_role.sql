-- migrate:as-login (creates a role and a schema, like 0000; every other file runs as korevitta_owner)
--
-- The materialized views of issue 12 (DESIGN.md §4, ADR 0019). A materialized view ignores RLS, and its query runs
-- as its owner on every refresh. The owner (korevitta_owner) sees nothing under FORCE ROW LEVEL SECURITY, and
-- the runtime roles must own nothing (TEST-CATALOG 20), so the views belong to a role of their own:
--   korevitta_analytics  NOLOGIN; owns the `analytics` schema and its views; reads the base tables it aggregates
--                        through SELECT-only policies (0052). The system role is a member so that the refresh
--                        job can REFRESH (which PostgreSQL 15 allows only to the owner).
-- The app role gets no USAGE on `analytics`: it reads the views only through definer functions in app_ctx that
-- filter by its tenant.
DO $$
BEGIN
  BEGIN CREATE ROLE korevitta_analytics NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END;
  IF NOT pg_has_role(current_user, 'korevitta_analytics', 'MEMBER') THEN
    EXECUTE format('GRANT korevitta_analytics TO %I', current_user);
  END IF;
  IF NOT pg_has_role('korevitta_system', 'korevitta_analytics', 'MEMBER') THEN
    GRANT korevitta_analytics TO korevitta_system;
  END IF;
END $$;
CREATE SCHEMA analytics AUTHORIZATION korevitta_analytics;
REVOKE ALL ON SCHEMA analytics FROM PUBLIC;
-- The definer functions that serve the views run as korevitta_owner.
GRANT USAGE ON SCHEMA analytics TO korevitta_owner;
