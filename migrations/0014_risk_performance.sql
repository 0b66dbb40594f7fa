-- Risk recalculation performance (issue 4, docs/BENCHMARKS.md "Risk recalculation"): a per-patient per-day summary
-- of daily execution, so that the risk signals (packages/db/src/risk/signals-sql.ts) read 31 rows per patient
-- instead of ~124 task rows joined with their completions and the water logs.
--
-- One row per patient-local day that has tasks or water: the counted tasks of the day (every kind but hydration)
-- and how many of them are completed, the hydration goal (the hydration task's target), the water logged for
-- that day, and the newest completion or water log of the day (activity). Derived data, kept exact by the
-- statement-level triggers below, in the transaction and with the role of the statement that changes the facts
-- (materialization, complete/undo, water log, any seed or repair): tasks inserted add to `total` and set the goal,
-- completions inserted add to `done`, water logs add to `water_ml`; deletes (regeneration of future tasks, undo,
-- a repair) recompute the days they touch from the facts. Like daily_tasks it carries no foreign keys: the facts
-- it summarizes carry none either (daily_tasks), and each would be a trigger call per row on the hot path.
CREATE TABLE daily_adherence_days (
  patient_id uuid NOT NULL,
  professional_id uuid NOT NULL,
  day date NOT NULL,
  total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  done integer NOT NULL DEFAULT 0 CHECK (done >= 0),
  goal_ml integer,
  water_ml integer NOT NULL DEFAULT 0 CHECK (water_ml >= 0),
  last_activity_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, day)
);
-- Rows are written in day order (the hourly materialization adds the next days): the nightly read finds the
-- last 31 days without reading older history.
CREATE INDEX daily_adherence_days_day_brin ON daily_adherence_days USING brin (day);

-- Professional: its tenant's rows (materialization runs as the professional). Patient: its own rows (complete,
-- undo and water log run as the patient). System: jobs.
ALTER TABLE daily_adherence_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE daily_adherence_days FORCE ROW LEVEL SECURITY;
CREATE POLICY daily_adherence_days_professional ON daily_adherence_days FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'));
CREATE POLICY daily_adherence_days_patient ON daily_adherence_days FOR ALL TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'))
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY daily_adherence_days_system ON daily_adherence_days FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- The app writes rows only through the triggers of the statements it may run (no DELETE: only the system repairs).
GRANT SELECT, INSERT, UPDATE ON daily_adherence_days TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON daily_adherence_days TO korevitta_system;

-- Recomputes some (patient, day) rows from the facts (tasks, completions, water logs), creating missing ones.
-- SECURITY INVOKER: it reads and writes what the calling role may (a patient its own days, a professional its
-- tenant's, the system all). Rows are locked in key order so concurrent writers do not deadlock.
CREATE FUNCTION app_ctx.refresh_daily_adherence_days(patient_ids uuid[], days date[]) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO public.daily_adherence_days AS d (patient_id, professional_id, day, total, done, goal_ml, water_ml, last_activity_at)
  SELECT k.patient_id, coalesce(s.professional_id, w.professional_id), k.day, coalesce(s.total, 0), coalesce(s.done, 0), s.goal_ml,
    coalesce(w.ml, 0), greatest(s.last_completed_at, w.last_logged_at)
  FROM (SELECT DISTINCT u.patient_id, u.day FROM unnest(patient_ids, days) AS u(patient_id, day)) k
  CROSS JOIN LATERAL (
    SELECT (array_agg(t.professional_id))[1] AS professional_id,
      count(*) FILTER (WHERE t.kind <> 'hydration')::int AS total,
      count(c.task_id) FILTER (WHERE t.kind <> 'hydration')::int AS done,
      max(t.target_ml) FILTER (WHERE t.kind = 'hydration') AS goal_ml,
      max(c.completed_at) AS last_completed_at
    FROM public.daily_tasks t LEFT JOIN public.daily_task_completions c ON c.task_id = t.id
    WHERE t.patient_id = k.patient_id AND t.task_date = k.day
  ) s
  CROSS JOIN LATERAL (
    SELECT (array_agg(l.professional_id))[1] AS professional_id, sum(l.amount_ml)::int AS ml, max(l.logged_at) AS last_logged_at
    FROM public.water_intake_logs l WHERE l.patient_id = k.patient_id AND l.log_date = k.day
  ) w
  WHERE coalesce(s.professional_id, w.professional_id) IS NOT NULL
  ORDER BY k.patient_id, k.day
  ON CONFLICT (patient_id, day) DO UPDATE SET total = excluded.total, done = excluded.done, goal_ml = excluded.goal_ml,
    water_ml = excluded.water_ml, last_activity_at = excluded.last_activity_at, updated_at = now();
  -- A day left without any fact keeps its row, emptied.
  UPDATE public.daily_adherence_days d SET total = 0, done = 0, goal_ml = NULL, water_ml = 0, last_activity_at = NULL, updated_at = now()
  FROM (SELECT DISTINCT u.patient_id, u.day FROM unnest(patient_ids, days) AS u(patient_id, day)) k
  WHERE d.patient_id = k.patient_id AND d.day = k.day
    AND NOT EXISTS (SELECT 1 FROM public.daily_tasks t WHERE t.patient_id = k.patient_id AND t.task_date = k.day)
    AND NOT EXISTS (SELECT 1 FROM public.water_intake_logs l WHERE l.patient_id = k.patient_id AND l.log_date = k.day);
$$;

-- Tasks inserted (the materialization statement, hot path): add to the day's counted tasks and take the goal. New
-- tasks have no completion yet. One grouped upsert per statement.
CREATE FUNCTION app_ctx.daily_adherence_on_tasks_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO public.daily_adherence_days AS d (patient_id, professional_id, day, total, goal_ml)
  SELECT n.patient_id, n.professional_id, n.task_date, count(*) FILTER (WHERE n.kind <> 'hydration')::int,
    max(n.target_ml) FILTER (WHERE n.kind = 'hydration')
  FROM new_tasks n
  GROUP BY n.patient_id, n.professional_id, n.task_date
  ORDER BY n.patient_id, n.task_date
  ON CONFLICT (patient_id, day) DO UPDATE SET total = d.total + excluded.total,
    goal_ml = coalesce(excluded.goal_ml, d.goal_ml), updated_at = now();
  RETURN NULL;
END $$;

-- Completions inserted: add to the day's done count; the newest completion is activity.
CREATE FUNCTION app_ctx.daily_adherence_on_completions_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO public.daily_adherence_days AS d (patient_id, professional_id, day, total, done, last_activity_at)
  SELECT t.patient_id, t.professional_id, t.task_date, 0, count(*) FILTER (WHERE t.kind <> 'hydration')::int, max(n.completed_at)
  FROM new_completions n JOIN public.daily_tasks t ON t.id = n.task_id
  GROUP BY t.patient_id, t.professional_id, t.task_date
  ORDER BY t.patient_id, t.task_date
  ON CONFLICT (patient_id, day) DO UPDATE SET done = d.done + excluded.done,
    last_activity_at = greatest(d.last_activity_at, excluded.last_activity_at), updated_at = now();
  RETURN NULL;
END $$;

-- Water logged: add to the day's intake; the newest log is activity.
CREATE FUNCTION app_ctx.daily_adherence_on_water_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO public.daily_adherence_days AS d (patient_id, professional_id, day, water_ml, last_activity_at)
  SELECT n.patient_id, n.professional_id, n.log_date, sum(n.amount_ml)::int, max(n.logged_at)
  FROM new_logs n
  GROUP BY n.patient_id, n.professional_id, n.log_date
  ORDER BY n.patient_id, n.log_date
  ON CONFLICT (patient_id, day) DO UPDATE SET water_ml = d.water_ml + excluded.water_ml,
    last_activity_at = greatest(d.last_activity_at, excluded.last_activity_at), updated_at = now();
  RETURN NULL;
END $$;

-- Deletes (future tasks replaced on a protocol change, undo, a repair) are rare: recompute the days they touch.
CREATE FUNCTION app_ctx.daily_adherence_on_tasks_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app_ctx.refresh_daily_adherence_days(array_agg(o.patient_id), array_agg(o.task_date)) FROM old_tasks o;
  RETURN NULL;
END $$;

CREATE FUNCTION app_ctx.daily_adherence_on_completions_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app_ctx.refresh_daily_adherence_days(array_agg(t.patient_id), array_agg(t.task_date))
  FROM old_completions o JOIN public.daily_tasks t ON t.id = o.task_id;
  RETURN NULL;
END $$;

CREATE FUNCTION app_ctx.daily_adherence_on_water_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app_ctx.refresh_daily_adherence_days(array_agg(o.patient_id), array_agg(o.log_date)) FROM old_logs o;
  RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION app_ctx.refresh_daily_adherence_days(uuid[], date[]), app_ctx.daily_adherence_on_tasks_insert(),
  app_ctx.daily_adherence_on_completions_insert(), app_ctx.daily_adherence_on_water_insert(), app_ctx.daily_adherence_on_tasks_delete(),
  app_ctx.daily_adherence_on_completions_delete(), app_ctx.daily_adherence_on_water_delete() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.refresh_daily_adherence_days(uuid[], date[]) TO korevitta_app, korevitta_system;

CREATE TRIGGER daily_adherence_on_tasks_insert AFTER INSERT ON daily_tasks
  REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_tasks_insert();
CREATE TRIGGER daily_adherence_on_tasks_delete AFTER DELETE ON daily_tasks
  REFERENCING OLD TABLE AS old_tasks FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_tasks_delete();
CREATE TRIGGER daily_adherence_on_completions_insert AFTER INSERT ON daily_task_completions
  REFERENCING NEW TABLE AS new_completions FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_completions_insert();
CREATE TRIGGER daily_adherence_on_completions_delete AFTER DELETE ON daily_task_completions
  REFERENCING OLD TABLE AS old_completions FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_completions_delete();
CREATE TRIGGER daily_adherence_on_water_insert AFTER INSERT ON water_intake_logs
  REFERENCING NEW TABLE AS new_logs FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_water_insert();
CREATE TRIGGER daily_adherence_on_water_delete AFTER DELETE ON water_intake_logs
  REFERENCING OLD TABLE AS old_logs FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.daily_adherence_on_water_delete();

-- Rebuilds every row from the facts, set-based (one pass per table): the backfill below, and a repair or a bulk
-- load that bypassed the triggers (bench/risk-recalculation.ts seeds with session_replication_role = replica).
-- SECURITY INVOKER: run it as the system role (or a superuser); the tables force RLS even for their owner.
CREATE FUNCTION app_ctx.rebuild_daily_adherence_days() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp
AS $$
  DELETE FROM public.daily_adherence_days;
  INSERT INTO public.daily_adherence_days (patient_id, professional_id, day, total, done, goal_ml, water_ml, last_activity_at)
  SELECT coalesce(t.patient_id, w.patient_id), coalesce(t.professional_id, w.professional_id), coalesce(t.day, w.day),
    coalesce(t.total, 0), coalesce(t.done, 0), t.goal_ml, coalesce(w.ml, 0), greatest(t.last_completed_at, w.last_logged_at)
  FROM (
    SELECT dt.patient_id, dt.professional_id, dt.task_date AS day,
      count(*) FILTER (WHERE dt.kind <> 'hydration')::int AS total,
      count(c.task_id) FILTER (WHERE dt.kind <> 'hydration')::int AS done,
      max(dt.target_ml) FILTER (WHERE dt.kind = 'hydration') AS goal_ml,
      max(c.completed_at) AS last_completed_at
    FROM public.daily_tasks dt LEFT JOIN public.daily_task_completions c ON c.task_id = dt.id
    GROUP BY dt.patient_id, dt.professional_id, dt.task_date
  ) t
  FULL JOIN (
    SELECT l.patient_id, l.professional_id, l.log_date AS day, sum(l.amount_ml)::int AS ml, max(l.logged_at) AS last_logged_at
    FROM public.water_intake_logs l GROUP BY l.patient_id, l.professional_id, l.log_date
  ) w ON w.patient_id = t.patient_id AND w.day = t.day
  ORDER BY 3, 1;
$$;
REVOKE ALL ON FUNCTION app_ctx.rebuild_daily_adherence_days() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.rebuild_daily_adherence_days() TO korevitta_system;

-- Backfill from every fact written before this migration, as the system role.
SET LOCAL ROLE korevitta_system;
SELECT app_ctx.rebuild_daily_adherence_days();
SET LOCAL ROLE korevitta_owner;
