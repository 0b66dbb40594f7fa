-- Plans, subscriptions and the billing webhook pipeline (issue 11, ADR 0018).
--
-- plans: data, seeded here and changed only by later migrations (bump plan_version). A null limit is unlimited.
-- subscriptions: one row per practice, absent while the practice is on the free plan without ever having
--   checked out. Only the billing consumer (korevitta_system) sets plan_code and status: the app role may read its
--   own row and record the provider customer it created (column grants), nothing else.
-- billing_events: every verified provider event, stored once (unique provider event id) with its outbox row in
--   one statement; system-only (the webhook has no tenant until the event is applied).
-- billing_operations: every outbound provider call is first written here; its id is the idempotency key, so a
--   retry after a timeout sends the same key with the same parameters (TEST-CATALOG 41).

CREATE TABLE plans (
  code text PRIMARY KEY CHECK (code IN ('free', 'pro', 'clinic')),
  name text NOT NULL,
  max_active_patients integer CHECK (max_active_patients IS NULL OR max_active_patients >= 0),
  storage_bytes bigint CHECK (storage_bytes IS NULL OR storage_bytes >= 0),
  invites_per_day integer NOT NULL CHECK (invites_per_day >= 0),
  plan_version integer NOT NULL CHECK (plan_version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (code, name, max_active_patients, storage_bytes, invites_per_day, plan_version) VALUES
  ('free', 'Gratuito', 5, 524288000, 10, 1),
  ('pro', 'Profissional', 100, 10737418240, 50, 1),
  ('clinic', 'Clínica', NULL, 107374182400, 200, 1);

ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
-- Public catalogue data, but only for an authenticated context (no constant-true policy for the app role).
CREATE POLICY plans_read ON plans FOR SELECT TO korevitta_app USING ((SELECT app_ctx.professional_id()) IS NOT NULL);
CREATE POLICY plans_system ON plans FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT ON plans TO korevitta_app, korevitta_system;

CREATE TABLE subscriptions (
  professional_id uuid PRIMARY KEY REFERENCES professionals(id),
  plan_code text NOT NULL DEFAULT 'free' REFERENCES plans(code),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
  current_period_start timestamptz,
  current_period_end timestamptz,
  past_due_since timestamptz,
  provider_customer_id text UNIQUE CHECK (provider_customer_id IS NULL OR char_length(provider_customer_id) <= 255),
  provider_subscription_id text CHECK (provider_subscription_id IS NULL OR char_length(provider_subscription_id) <= 255),
  -- Provider time of the last event applied: an older event changes nothing (order safety).
  last_event_at timestamptz,
  revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'past_due') = (past_due_since IS NOT NULL))
);
CREATE INDEX subscriptions_provider_subscription_idx ON subscriptions (provider_subscription_id) WHERE provider_subscription_id IS NOT NULL;

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY subscriptions_professional ON subscriptions FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'));
CREATE POLICY subscriptions_system ON subscriptions FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT ON subscriptions TO korevitta_app;
-- The app records the provider customer it created; plan and status are the consumer's alone.
GRANT INSERT (professional_id, provider_customer_id, created_at, updated_at) ON subscriptions TO korevitta_app;
GRANT UPDATE (provider_customer_id, updated_at) ON subscriptions TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON subscriptions TO korevitta_system;

CREATE TABLE billing_events (
  id uuid PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('stripe', 'local')),
  provider_event_id text NOT NULL CHECK (char_length(provider_event_id) BETWEEN 1 AND 255),
  type text NOT NULL CHECK (char_length(type) BETWEEN 1 AND 100),
  -- Provider time of the event (Stripe's `created`).
  occurred_at timestamptz NOT NULL,
  -- Emptied (set to '{}') 30 days after it was applied (retention).
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  professional_id uuid REFERENCES professionals(id),
  applied_at timestamptz,
  outcome text CHECK (outcome IS NULL OR char_length(outcome) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_event_id)
);
CREATE INDEX billing_events_applied_idx ON billing_events (applied_at) WHERE applied_at IS NOT NULL;
ALTER TABLE billing_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_events FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_events_system ON billing_events FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON billing_events TO korevitta_system;

CREATE TABLE billing_operations (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  kind text NOT NULL CHECK (kind IN ('customer', 'checkout', 'portal')),
  -- Exactly what is sent, so a retry sends the same parameters under the same key.
  params jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  result_id text CHECK (result_id IS NULL OR char_length(result_id) <= 255),
  result_url text CHECK (result_url IS NULL OR char_length(result_url) <= 2000),
  requested_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_operations_pending_idx ON billing_operations (professional_id, kind, created_at DESC);
ALTER TABLE billing_operations ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_operations FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_operations_professional ON billing_operations FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'));
CREATE POLICY billing_operations_system ON billing_operations FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON billing_operations TO korevitta_app;
GRANT UPDATE (status, result_id, result_url, updated_at) ON billing_operations TO korevitta_app;
GRANT SELECT, DELETE ON billing_operations TO korevitta_system;
