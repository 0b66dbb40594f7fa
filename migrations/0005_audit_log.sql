-- Audit trail (DESIGN.md §4, seed §8.5): one row per relevant mutation, written in the same transaction.
-- Partitioned by month on occurred_at; app_ctx.ensure_monthly_partitions creates partitions ahead (a timer
-- calls it), and a DEFAULT partition catches anything outside them so an insert never fails for lack of one.

CREATE TABLE audit_log (
  id uuid NOT NULL,
  professional_id uuid NOT NULL,
  actor_user_id uuid,
  actor_role text NOT NULL CHECK (actor_role IN ('professional', 'patient', 'system')),
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid,
  -- Changed fields only; health values are never stored in clear (see packages/db/src/audit.ts).
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (professional_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
ALTER TABLE audit_log_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log_default FORCE ROW LEVEL SECURITY;
CREATE INDEX audit_log_trail_idx ON audit_log (professional_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (professional_id, entity_type, entity_id);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
-- Append-only for the app: insert and read its own tenant's trail; no update, no delete.
CREATE POLICY audit_log_append ON audit_log FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY audit_log_read ON audit_log FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY audit_log_system ON audit_log FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON audit_log TO korevitta_app;
GRANT SELECT, INSERT ON audit_log TO korevitta_system;

-- Creates the monthly partitions of `parent` from the month of `from_date` through `months_ahead` months
-- later, named <parent>_yYYYYmMM. Idempotent. Runs as the owner (SECURITY DEFINER, pinned search_path);
-- only the system role may call it. Partitions inherit RLS from the parent (policies apply through it);
-- they are also forced and closed to direct access, in case anyone names them directly.
CREATE FUNCTION app_ctx.ensure_monthly_partitions(parent regclass, from_date date, months_ahead integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  month_start date := date_trunc('month', from_date)::date;
  created integer := 0;
  part_name text;
  i integer;
BEGIN
  IF months_ahead < 0 OR months_ahead > 36 THEN
    RAISE EXCEPTION 'months_ahead out of range: %', months_ahead;
  END IF;
  FOR i IN 0..months_ahead LOOP
    part_name := format('%s_y%sm%s', (SELECT relname FROM pg_class WHERE oid = parent), to_char(month_start + make_interval(months => i), 'YYYY'), to_char(month_start + make_interval(months => i), 'MM'));
    IF to_regclass('public.' || quote_ident(part_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
        part_name, parent, month_start + make_interval(months => i), month_start + make_interval(months => i + 1));
      EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part_name);
      EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part_name);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION app_ctx.ensure_monthly_partitions(regclass, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.ensure_monthly_partitions(regclass, date, integer) TO korevitta_system;

SELECT app_ctx.ensure_monthly_partitions('audit_log', current_date, 3);
