-- Issue 9: the session check of a tenant transaction RAISES when the access token's session has ended,
-- instead of returning no row. Raised on the server, the error aborts the transaction there, so the
-- callback's first statements can be pipelined right behind the check on the same write: when the session
-- is gone they fail with "current transaction is aborted" and return nothing (ADR 0025).
--
-- Live: the session is not revoked and belongs to the transaction's user; the user is neither disabled nor
-- deleted; the professional (tenant) is not deleted; a patient's own record is neither deleted nor archived
-- (RLS, patients_self, also hides a record that moved to another professional than the token names).
-- SECURITY INVOKER: it runs as the transaction's role, under its RLS policies.
CREATE FUNCTION app_ctx.assert_session_live(p_session uuid) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM 1 FROM auth_sessions s
    JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL AND u.deleted_at IS NULL
    JOIN professionals pr ON pr.id = u.professional_id AND pr.deleted_at IS NULL
    LEFT JOIN patients p ON p.id = u.patient_id AND p.deleted_at IS NULL AND p.status <> 'archived'
    WHERE s.id = p_session AND s.revoked_at IS NULL AND s.user_id = app_ctx.user_id()
      AND (u.patient_id IS NULL OR p.id IS NOT NULL);
  IF NOT FOUND THEN
    RAISE EXCEPTION 'session ended' USING ERRCODE = 'KV401';
  END IF;
END $$;

REVOKE ALL ON FUNCTION app_ctx.assert_session_live(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_ctx.assert_session_live(uuid) TO korevitta_app, korevitta_system;
