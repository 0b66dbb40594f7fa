-- Transactional outbox, consumer inbox (processed messages) and HTTP idempotency keys.

CREATE TABLE event_outbox (
  id uuid PRIMARY KEY,
  professional_id uuid REFERENCES professionals(id),
  queue text NOT NULL CHECK (queue IN ('critical', 'default', 'bulk')),
  message_id text NOT NULL,
  type text NOT NULL,
  version integer NOT NULL,
  payload jsonb NOT NULL,
  correlation_id text,
  occurred_at timestamptz NOT NULL,
  deliver_at timestamptz,
  published_at timestamptz,
  publish_attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_outbox_pending_idx ON event_outbox (created_at) WHERE published_at IS NULL;

ALTER TABLE event_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_outbox FORCE ROW LEVEL SECURITY;
-- The app only appends events of its own tenant; it never reads or changes the outbox.
CREATE POLICY event_outbox_append ON event_outbox FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY event_outbox_system ON event_outbox FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT INSERT ON event_outbox TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON event_outbox TO korevitta_system;

-- Consumer inbox: one row per (consumer, message) whose effect has been applied.
CREATE TABLE processed_messages (
  consumer text NOT NULL,
  message_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
ALTER TABLE processed_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE processed_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY processed_messages_system ON processed_messages FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON processed_messages TO korevitta_system;

-- Idempotency-Key records, scoped to the caller (professional + user + key).
CREATE TABLE idempotency_keys (
  professional_id uuid NOT NULL REFERENCES professionals(id),
  user_id uuid NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response_status integer,
  response_headers jsonb,
  response_body text,
  locked_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (professional_id, user_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_owner ON idempotency_keys FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND user_id = (SELECT app_ctx.user_id()))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND user_id = (SELECT app_ctx.user_id()));
CREATE POLICY idempotency_keys_system ON idempotency_keys FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO korevitta_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO korevitta_system;
