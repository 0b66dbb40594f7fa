-- A signed-in user changes their own e-mail, locale or password (PATCH /v1/me, POST /v1/me/password; issue 8,
-- TEST-CATALOG 11). It runs in the caller's tenant transaction as the RLS-bound app role, so the app gets
-- exactly what those two operations write and nothing more:
-- - users: a `revision` for If-Match (ADR 0013), and UPDATE of the self-service columns only (column grants:
--   role, professional_id, patient_id, disabled_at and deleted_at stay out of reach), on the caller's own row.
-- - auth_sessions: revoking the caller's own sessions (a password change ends every other session).
ALTER TABLE users ADD COLUMN revision integer NOT NULL DEFAULT 1;

ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check;
ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoked_reason_check
  CHECK (revoked_reason IN ('logout', 'reuse_detected', 'password_reset', 'account_disabled', 'password_changed'));

CREATE POLICY users_self_update ON users FOR UPDATE TO korevitta_app
  USING (id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()))
  WITH CHECK (id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
GRANT UPDATE (email, email_normalized, locale, password_hash, password_changed_at, revision, updated_at) ON users TO korevitta_app;

CREATE POLICY auth_sessions_self_revoke ON auth_sessions FOR UPDATE TO korevitta_app
  USING (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()))
  WITH CHECK (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
GRANT UPDATE (revoked_at, revoked_reason, updated_at) ON auth_sessions TO korevitta_app;
