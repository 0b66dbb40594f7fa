-- Issue 9: the recompute behind every DELETE of a task, a completion or a water log (an undo in the patient's
-- day) was a LANGUAGE sql function with two statements: PostgreSQL plans such a function's statements again on
-- every call, under RLS, and the mixed benchmark measured the undo of a completion at 18 ms on average
-- (pg_stat_statements), most of it planning. The same two statements in plpgsql are planned once per
-- connection and role (its plan cache) and run as before: same rows, same locks in key order, same
-- SECURITY INVOKER rights. Signature, owner and grants are unchanged (CREATE OR REPLACE).
CREATE OR REPLACE FUNCTION app_ctx.refresh_daily_adherence_days(patient_ids uuid[], days date[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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
END $$;
