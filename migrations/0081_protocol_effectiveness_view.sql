-- mv_protocol_effectiveness (issue 12, seed §7.2): per protocol template (and per protocol written without one),
-- how its protocols went: patients on it, mean adherence, check-in completion, and the weight and body-fat change
-- over each protocol's active time. Same pattern as mv_patient_dashboard (0052, ADR 0019): owned by
-- korevitta_analytics, refreshed CONCURRENTLY by the analytics-refresh job, served to the app only through
-- app_ctx.protocol_effectiveness(), which returns the caller's own rows.
--
-- Definitions (each protocol that has been active is one "run"):
--   active time   activated_at .. archived_at (or now for the active one); days are UTC calendar days, and the
--                 refresh day itself is left out of adherence (it is incomplete)
--   adherence     per run, completed tasks / tasks over its days (daily_adherence_days); the group's value is the
--                 mean over its runs that had tasks, so every run weighs the same
--   check-ins     check-ins due in the active time: answered (submitted, reviewed) / decided (answered + missed);
--                 pooled over the group; open ones (scheduled, pending, late) are not counted yet
--   outcomes      per run, the last measured value minus the first, among its measurements in the active time
--                 (at least two with the value); the group's value is the mean over the runs that have one
CREATE POLICY protocols_analytics ON protocols FOR SELECT TO korevitta_analytics USING (true);
CREATE POLICY body_measurements_analytics ON body_measurements FOR SELECT TO korevitta_analytics USING (true);
GRANT SELECT ON protocols, body_measurements TO korevitta_analytics;

SET LOCAL ROLE korevitta_analytics;

CREATE MATERIALIZED VIEW analytics.mv_protocol_effectiveness AS
WITH runs AS (
  SELECT p.id AS protocol_id, p.professional_id, p.patient_id, p.template_id, p.status,
         p.activated_at AS starts_at, COALESCE(p.archived_at, now()) AS ends_at
  FROM public.protocols p
  JOIN public.patients pt ON pt.id = p.patient_id AND pt.deleted_at IS NULL
  WHERE p.deleted_at IS NULL AND p.status IN ('active', 'archived') AND p.activated_at IS NOT NULL
),
adherence AS (
  SELECT r.protocol_id, sum(d.done)::numeric / NULLIF(sum(d.total), 0) AS rate
  FROM runs r
  JOIN public.daily_adherence_days d ON d.patient_id = r.patient_id
    AND d.day >= r.starts_at::date AND d.day <= r.ends_at::date AND d.day < current_date
  GROUP BY r.protocol_id
),
checkins AS (
  SELECT r.protocol_id,
    count(*) FILTER (WHERE c.status IN ('submitted', 'reviewed'))::int AS answered,
    count(*) FILTER (WHERE c.status IN ('submitted', 'reviewed', 'missed'))::int AS decided
  FROM runs r
  JOIN public.checkins c ON c.patient_id = r.patient_id AND c.due_at >= r.starts_at AND c.due_at < r.ends_at
  GROUP BY r.protocol_id
),
outcomes AS (
  SELECT r.protocol_id,
    CASE WHEN count(m.weight_kg) >= 2 THEN
      (array_agg(m.weight_kg ORDER BY m.measured_on DESC, m.created_at DESC) FILTER (WHERE m.weight_kg IS NOT NULL))[1]
      - (array_agg(m.weight_kg ORDER BY m.measured_on, m.created_at) FILTER (WHERE m.weight_kg IS NOT NULL))[1] END AS weight_delta,
    CASE WHEN count(m.body_fat_pct) >= 2 THEN
      (array_agg(m.body_fat_pct ORDER BY m.measured_on DESC, m.created_at DESC) FILTER (WHERE m.body_fat_pct IS NOT NULL))[1]
      - (array_agg(m.body_fat_pct ORDER BY m.measured_on, m.created_at) FILTER (WHERE m.body_fat_pct IS NOT NULL))[1] END AS body_fat_delta
  FROM runs r
  JOIN public.body_measurements m ON m.patient_id = r.patient_id
    AND m.measured_on >= r.starts_at::date AND m.measured_on <= r.ends_at::date
    AND (m.weight_kg IS NOT NULL OR m.body_fat_pct IS NOT NULL)
  GROUP BY r.protocol_id
)
SELECT r.professional_id,
  COALESCE(r.template_id, r.protocol_id) AS group_id,
  r.template_id IS NOT NULL AS templated,
  count(DISTINCT r.patient_id)::int AS patients,
  count(*)::int AS runs,
  count(*) FILTER (WHERE r.status = 'active')::int AS active_runs,
  round(avg(a.rate), 4) AS mean_adherence,
  COALESCE(sum(c.answered), 0)::int AS checkins_answered,
  COALESCE(sum(c.decided), 0)::int AS checkins_decided,
  round(sum(c.answered)::numeric / NULLIF(sum(c.decided), 0), 4) AS checkin_completion,
  round(avg(o.weight_delta), 2) AS weight_change_kg,
  count(o.weight_delta)::int AS weight_runs,
  round(avg(o.body_fat_delta), 2) AS body_fat_change_pct,
  count(o.body_fat_delta)::int AS body_fat_runs,
  now() AS refreshed_at
FROM runs r
LEFT JOIN adherence a ON a.protocol_id = r.protocol_id
LEFT JOIN checkins c ON c.protocol_id = r.protocol_id
LEFT JOIN outcomes o ON o.protocol_id = r.protocol_id
GROUP BY r.professional_id, COALESCE(r.template_id, r.protocol_id), r.template_id IS NOT NULL;

-- REFRESH … CONCURRENTLY needs a unique index on plain columns; it also serves the per-tenant read.
CREATE UNIQUE INDEX mv_protocol_effectiveness_group_key ON analytics.mv_protocol_effectiveness (professional_id, group_id);
GRANT SELECT ON analytics.mv_protocol_effectiveness TO korevitta_owner;

SET LOCAL ROLE korevitta_owner;

-- The only way the app reads the view: the caller's rows (professional role only), most patients first, a page
-- after the keyset (patients, group_id). SECURITY DEFINER (runs as korevitta_owner, which may read the view),
-- pinned search_path, EXECUTE for the app role only (TEST-CATALOG 24).
CREATE FUNCTION app_ctx.protocol_effectiveness(after_patients integer, after_group uuid, page_size integer)
RETURNS TABLE (
  group_id uuid, templated boolean, patients integer, runs integer, active_runs integer, mean_adherence numeric,
  checkins_answered integer, checkins_decided integer, checkin_completion numeric,
  weight_change_kg numeric, weight_runs integer, body_fat_change_pct numeric, body_fat_runs integer, refreshed_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog
AS $$
  SELECT e.group_id, e.templated, e.patients, e.runs, e.active_runs, e.mean_adherence, e.checkins_answered, e.checkins_decided,
         e.checkin_completion, e.weight_change_kg, e.weight_runs, e.body_fat_change_pct, e.body_fat_runs, e.refreshed_at
  FROM analytics.mv_protocol_effectiveness e
  WHERE app_ctx.role() = 'professional' AND e.professional_id = app_ctx.professional_id()
    AND (after_group IS NULL OR (e.patients, e.group_id) < (after_patients, after_group))
  ORDER BY e.patients DESC, e.group_id DESC
  LIMIT LEAST(GREATEST(page_size, 1), 101)
$$;
REVOKE ALL ON FUNCTION app_ctx.protocol_effectiveness(integer, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.protocol_effectiveness(integer, uuid, integer) TO korevitta_app;
ALTER FUNCTION app_ctx.protocol_effectiveness(integer, uuid, integer) ROWS 20;

-- When the view was computed (null only while it holds no row at all: no protocol has ever been active).
CREATE FUNCTION app_ctx.protocol_effectiveness_computed_at()
RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog
AS $$ SELECT e.refreshed_at FROM analytics.mv_protocol_effectiveness e LIMIT 1 $$;
REVOKE ALL ON FUNCTION app_ctx.protocol_effectiveness_computed_at() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.protocol_effectiveness_computed_at() TO korevitta_app;
