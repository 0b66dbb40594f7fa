-- Identity and access: professionals (the tenants), users (logins), patients (minimal; the CRM extends it),
-- invites, refresh-token families, password-reset tokens and the login throttle.

CREATE TABLE professionals (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE TABLE patients (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  name text NOT NULL,
  email text,
  timezone text NOT NULL DEFAULT 'America/Sao_Paulo',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'at_risk', 'paused', 'archived')),
  user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX patients_professional_idx ON patients (professional_id, created_at);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid REFERENCES patients(id),
  role text NOT NULL CHECK (role IN ('professional', 'patient')),
  email text NOT NULL,
  email_normalized text NOT NULL,
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'pt-BR' CHECK (locale IN ('pt-BR', 'en')),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((role = 'patient') = (patient_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_normalized_key ON users (email_normalized);
CREATE INDEX users_professional_idx ON users (professional_id);
ALTER TABLE patients ADD CONSTRAINT patients_user_fk FOREIGN KEY (user_id) REFERENCES users(id);

CREATE TABLE patient_invites (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  superseded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX patient_invites_token_hash_key ON patient_invites (token_hash);
CREATE INDEX patient_invites_patient_idx ON patient_invites (professional_id, patient_id);

-- A session is a refresh-token family: rotation adds a token, reuse of a spent one revokes the family.
CREATE TABLE auth_sessions (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  user_id uuid NOT NULL REFERENCES users(id),
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'reuse_detected', 'password_reset', 'account_disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  session_id uuid NOT NULL REFERENCES auth_sessions(id),
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE password_reset_tokens (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  user_id uuid NOT NULL REFERENCES users(id),
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX password_reset_tokens_token_hash_key ON password_reset_tokens (token_hash);

-- Failed-login counters per account and per client address (keys are hashes, never e-mails or IPs).
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  blocked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Row level security. App policies read the caller from app_ctx; system policies name korevitta_system.
ALTER TABLE professionals ENABLE ROW LEVEL SECURITY;
ALTER TABLE professionals FORCE ROW LEVEL SECURITY;
CREATE POLICY professionals_read ON professionals FOR SELECT TO korevitta_app
  USING (id = (SELECT app_ctx.professional_id()));
CREATE POLICY professionals_update_self ON professionals FOR UPDATE TO korevitta_app
  USING (id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY professionals_system ON professionals FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE patients FORCE ROW LEVEL SECURITY;
CREATE POLICY patients_professional ON patients FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY patients_self ON patients FOR SELECT TO korevitta_app
  USING (id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY patients_system ON patients FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_self ON users FOR SELECT TO korevitta_app
  USING (id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY users_professional ON users FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY users_system ON users FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE patient_invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_invites FORCE ROW LEVEL SECURITY;
CREATE POLICY patient_invites_professional ON patient_invites FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY patient_invites_system ON patient_invites FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE auth_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY auth_sessions_self ON auth_sessions FOR SELECT TO korevitta_app
  USING (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY auth_sessions_system ON auth_sessions FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY refresh_tokens_system ON refresh_tokens FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE password_reset_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_reset_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY password_reset_tokens_system ON password_reset_tokens FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE auth_throttle ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_throttle FORCE ROW LEVEL SECURITY;
CREATE POLICY auth_throttle_system ON auth_throttle FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

GRANT SELECT, UPDATE ON professionals TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON patients, patient_invites TO korevitta_app;
GRANT SELECT ON users, auth_sessions TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON professionals, patients, users, patient_invites, auth_sessions,
  refresh_tokens, password_reset_tokens, auth_throttle TO korevitta_system;
