-- Three roles (DESIGN.md §5, ADR 0002):
--   korevitta_owner  owns every object; migrations run as it.
--   korevitta_app    used by HTTP functions: not owner, not superuser, no BYPASSRLS; subject to RLS.
--   korevitta_system used by jobs; policies name it explicitly, so the bypass is visible in the catalog.
-- The login that runs the application is a member of app and system and switches per transaction.
DO $$
BEGIN
  BEGIN CREATE ROLE korevitta_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END;
  BEGIN CREATE ROLE korevitta_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END;
  BEGIN CREATE ROLE korevitta_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END;
END $$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'korevitta_owner', 'MEMBER') THEN
    EXECUTE format('GRANT korevitta_owner TO %I', current_user);
  END IF;
  IF NOT pg_has_role(current_user, 'korevitta_app', 'MEMBER') THEN
    EXECUTE format('GRANT korevitta_app TO %I', current_user);
  END IF;
  IF NOT pg_has_role(current_user, 'korevitta_system', 'MEMBER') THEN
    EXECUTE format('GRANT korevitta_system TO %I', current_user);
  END IF;
END $$;

-- migrate:as-login (this file runs as the connecting login; every later file runs as korevitta_owner)
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO korevitta_owner', current_database()); END $$;
GRANT USAGE, CREATE ON SCHEMA public TO korevitta_owner;
GRANT USAGE ON SCHEMA public TO korevitta_app, korevitta_system;
