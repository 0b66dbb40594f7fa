-- Policies compare the caller's role as `(SELECT app_ctx.role()) = 'professional'`: an initPlan whose
-- result the planner cannot see, so it assumes 0.5 % selectivity and, on the CRM list, reads and sorts the
-- whole tenant instead of walking the sort index (docs/BENCHMARKS.md, TEST-CATALOG 26). Written as
-- `(SELECT app_ctx.role() = 'professional')` the comparison itself is the initPlan: a boolean evaluated once,
-- which the planner treats as a one-time filter. Same meaning, same fail-closed NULL; every policy rewritten.
-- New policies use the boolean form directly.
DO $$
DECLARE
  p record;
  pattern constant text := '\(\( SELECT app_ctx\.role\(\) AS role\) = ''(professional|patient)''::text\)';
  replacement constant text := '( SELECT (app_ctx.role() = ''\1''::text))';
  new_qual text;
  new_check text;
BEGIN
  FOR p IN
    SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies
    WHERE schemaname = 'public' AND (qual ~ pattern OR with_check ~ pattern)
  LOOP
    new_qual := regexp_replace(p.qual, pattern, replacement, 'g');
    new_check := regexp_replace(p.with_check, pattern, replacement, 'g');
    IF p.qual IS NOT NULL AND p.with_check IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s) WITH CHECK (%s)', p.policyname, p.schemaname, p.tablename, new_qual, new_check);
    ELSIF p.qual IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)', p.policyname, p.schemaname, p.tablename, new_qual);
    ELSE
      EXECUTE format('ALTER POLICY %I ON %I.%I WITH CHECK (%s)', p.policyname, p.schemaname, p.tablename, new_check);
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND (qual ~ pattern OR with_check ~ pattern)) THEN
    RAISE EXCEPTION 'a policy still compares the role outside its initPlan';
  END IF;
END $$;
