-- mv_patient_dashboard (issue 12, seed §7.2 and §12.2): what a professional opens the day with, one row per
-- professional, eventually consistent (refreshed CONCURRENTLY by the analytics-refresh job; `refreshed_at` says
-- how fresh). Owned by korevitta_analytics (0051); served to the app only by app_ctx.patient_dashboard(), which
-- returns the caller's own row. Windows are UTC calendar days before the refresh day (today is incomplete).

-- The base tables the views aggregate: read-only, every tenant, for the analytics role alone.
CREATE POLICY patients_analytics ON patients FOR SELECT TO korevitta_analytics USING (true);
CREATE POLICY checkins_analytics ON checkins FOR SELECT TO korevitta_analytics USING (true);
CREATE POLICY daily_adherence_days_analytics ON daily_adherence_days FOR SELECT TO korevitta_analytics USING (true);
CREATE POLICY professionals_analytics ON professionals FOR SELECT TO korevitta_analytics USING (true);
GRANT SELECT ON patients, checkins, daily_adherence_days, professionals TO korevitta_analytics;

SET LOCAL ROLE korevitta_analytics;

CREATE MATERIALIZED VIEW analytics.mv_patient_dashboard AS
WITH live AS (
  SELECT id, professional_id, status, risk_score, risk_band, risk_factors, created_at,
         COALESCE(last_activity_at, created_at) AS active_at
  FROM public.patients WHERE deleted_at IS NULL
),
counts AS (
  SELECT professional_id,
    count(*)::int AS patients_total,
    count(*) FILTER (WHERE status = 'active')::int AS patients_active,
    count(*) FILTER (WHERE status = 'at_risk')::int AS patients_at_risk,
    count(*) FILTER (WHERE status = 'paused')::int AS patients_paused,
    count(*) FILTER (WHERE status = 'archived')::int AS patients_archived,
    -- Followed patients (active or at risk) with no activity (task, water, check-in) for N days.
    count(*) FILTER (WHERE status IN ('active', 'at_risk') AND active_at < now() - interval '7 days')::int AS silent_7d,
    count(*) FILTER (WHERE status IN ('active', 'at_risk') AND active_at < now() - interval '14 days')::int AS silent_14d
  FROM live GROUP BY professional_id
),
-- The ten at-risk patients with the highest score, each with the factor that contributes most to it.
ranked AS (
  SELECT professional_id, id, risk_score, risk_band, risk_factors,
         row_number() OVER (PARTITION BY professional_id ORDER BY risk_score DESC NULLS LAST, id) AS rn
  FROM live WHERE status = 'at_risk'
),
at_risk AS (
  SELECT professional_id,
    jsonb_agg(jsonb_build_object('patientId', id, 'score', risk_score, 'band', risk_band,
      'topFactor', (SELECT f->>'factor' FROM jsonb_array_elements(COALESCE(risk_factors, '[]'::jsonb)) f
                    ORDER BY (f->>'contribution')::numeric DESC NULLS LAST LIMIT 1)) ORDER BY rn) AS top
  FROM ranked WHERE rn <= 10 GROUP BY professional_id
),
reviews AS (
  SELECT professional_id, count(*)::int AS awaiting_review, min(submitted_at) AS oldest_awaiting_at
  FROM public.checkins WHERE status = 'submitted' GROUP BY professional_id
),
-- Pooled completion rate (completed tasks / tasks) over the last 7 and 30 complete days, and the 7 days before
-- those for the trend.
adherence AS (
  SELECT professional_id,
    sum(done) FILTER (WHERE day >= current_date - 7)::numeric / NULLIF(sum(total) FILTER (WHERE day >= current_date - 7), 0) AS rate_7d,
    sum(done) FILTER (WHERE day >= current_date - 14 AND day < current_date - 7)::numeric
      / NULLIF(sum(total) FILTER (WHERE day >= current_date - 14 AND day < current_date - 7), 0) AS rate_prev_7d,
    sum(done)::numeric / NULLIF(sum(total), 0) AS rate_30d
  FROM public.daily_adherence_days WHERE day >= current_date - 30 AND day < current_date
  GROUP BY professional_id
)
SELECT pr.id AS professional_id,
  COALESCE(c.patients_total, 0) AS patients_total,
  COALESCE(c.patients_active, 0) AS patients_active,
  COALESCE(c.patients_at_risk, 0) AS patients_at_risk,
  COALESCE(c.patients_paused, 0) AS patients_paused,
  COALESCE(c.patients_archived, 0) AS patients_archived,
  COALESCE(c.silent_7d, 0) AS silent_7d,
  COALESCE(c.silent_14d, 0) AS silent_14d,
  COALESCE(r.top, '[]'::jsonb) AS at_risk,
  COALESCE(rv.awaiting_review, 0) AS awaiting_review,
  rv.oldest_awaiting_at,
  round(a.rate_7d, 4) AS adherence_7d,
  round(a.rate_prev_7d, 4) AS adherence_prev_7d,
  round(a.rate_30d, 4) AS adherence_30d,
  now() AS refreshed_at
FROM public.professionals pr
LEFT JOIN counts c ON c.professional_id = pr.id
LEFT JOIN at_risk r ON r.professional_id = pr.id
LEFT JOIN reviews rv ON rv.professional_id = pr.id
LEFT JOIN adherence a ON a.professional_id = pr.id
WHERE pr.deleted_at IS NULL;

-- REFRESH … CONCURRENTLY needs a unique index on plain columns.
CREATE UNIQUE INDEX mv_patient_dashboard_professional_key ON analytics.mv_patient_dashboard (professional_id);
GRANT SELECT ON analytics.mv_patient_dashboard TO korevitta_owner;

SET LOCAL ROLE korevitta_owner;

-- The only way the app reads the view: the caller's own row (professional role only), or an empty dashboard
-- with the view's refresh time when the professional is newer than the last refresh. SECURITY DEFINER (runs as
-- korevitta_owner, which may read the view), pinned search_path, EXECUTE for the app role only (TEST-CATALOG 24).
CREATE FUNCTION app_ctx.patient_dashboard()
RETURNS TABLE (
  patients_total integer, patients_active integer, patients_at_risk integer, patients_paused integer, patients_archived integer,
  silent_7d integer, silent_14d integer, at_risk jsonb, awaiting_review integer, oldest_awaiting_at timestamptz,
  adherence_7d numeric, adherence_prev_7d numeric, adherence_30d numeric, refreshed_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog
AS $$
  SELECT COALESCE(d.patients_total, 0), COALESCE(d.patients_active, 0), COALESCE(d.patients_at_risk, 0), COALESCE(d.patients_paused, 0),
         COALESCE(d.patients_archived, 0), COALESCE(d.silent_7d, 0), COALESCE(d.silent_14d, 0), COALESCE(d.at_risk, '[]'::jsonb),
         COALESCE(d.awaiting_review, 0), d.oldest_awaiting_at, d.adherence_7d, d.adherence_prev_7d, d.adherence_30d,
         COALESCE(d.refreshed_at, (SELECT m.refreshed_at FROM analytics.mv_patient_dashboard m LIMIT 1))
  FROM (SELECT app_ctx.professional_id() AS id WHERE app_ctx.role() = 'professional') me
  LEFT JOIN analytics.mv_patient_dashboard d ON d.professional_id = me.id
  WHERE me.id IS NOT NULL
$$;
REVOKE ALL ON FUNCTION app_ctx.patient_dashboard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.patient_dashboard() TO korevitta_app;
