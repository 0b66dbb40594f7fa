-- Queue infrastructure (DESIGN.md §7). Messages are infrastructure, not tenant data: no professional_id,
-- and only korevitta_system reads or writes these tables.
--
-- local_queue_messages / local_queue_duplicates: the Postgres-backed stand-in for Service Bus used by the
-- local host and the tests (peek-lock, scheduled delivery, duplicate detection, dead-letter state).
-- A namespace plays the part of a Service Bus namespace: two namespaces never share a queue.

CREATE TABLE local_queue_messages (
  sequence_number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  namespace text NOT NULL,
  queue text NOT NULL CHECK (queue IN ('critical', 'default', 'bulk')),
  message_id text NOT NULL,
  envelope jsonb NOT NULL,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'dead_lettered')),
  enqueued_at timestamptz NOT NULL,
  scheduled_at timestamptz,
  -- When the message may next be received: enqueue/schedule time, lock expiry, or the end of a backoff.
  available_at timestamptz NOT NULL,
  delivery_count integer NOT NULL DEFAULT 0,
  lock_token uuid,
  locked_until timestamptz,
  dead_letter_reason text,
  dead_letter_description text,
  dead_lettered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'dead_lettered') = (dead_letter_reason IS NOT NULL)),
  CHECK ((lock_token IS NULL) = (locked_until IS NULL))
);
CREATE INDEX local_queue_messages_due_idx ON local_queue_messages (namespace, queue, available_at, sequence_number)
  WHERE state = 'active';
CREATE INDEX local_queue_messages_dead_idx ON local_queue_messages (namespace, queue, sequence_number)
  WHERE state = 'dead_lettered';
CREATE UNIQUE INDEX local_queue_messages_lock_token_key ON local_queue_messages (lock_token) WHERE lock_token IS NOT NULL;

-- Duplicate-detection history: a messageId seen within the window is dropped (Service Bus semantics).
CREATE TABLE local_queue_duplicates (
  namespace text NOT NULL,
  queue text NOT NULL,
  message_id text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  PRIMARY KEY (namespace, queue, message_id)
);
CREATE INDEX local_queue_duplicates_seen_idx ON local_queue_duplicates (first_seen_at);

-- Relay leases on outbox rows: a claimed row is skipped by other relays until the lease ends, so the
-- send happens outside any transaction and a relay that dies after sending republishes after the lease.
CREATE TABLE event_outbox_claims (
  outbox_id uuid PRIMARY KEY REFERENCES event_outbox(id) ON DELETE CASCADE,
  claimed_until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- App-level dead letters of the Azure path: the Functions v4 Node trigger cannot dead-letter a message
-- without an extra package, so a poison message is recorded here and completed (see service-bus-sender.ts).
CREATE TABLE dead_letter_records (
  id uuid PRIMARY KEY,
  queue text NOT NULL CHECK (queue IN ('critical', 'default', 'bulk')),
  message_id text NOT NULL,
  body jsonb NOT NULL,
  reason text NOT NULL,
  description text,
  delivery_count integer NOT NULL,
  dead_lettered_at timestamptz NOT NULL,
  resubmitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_records_pending_idx ON dead_letter_records (queue, dead_lettered_at) WHERE resubmitted_at IS NULL;

ALTER TABLE local_queue_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_queue_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY local_queue_messages_system ON local_queue_messages FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE local_queue_duplicates ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_queue_duplicates FORCE ROW LEVEL SECURITY;
CREATE POLICY local_queue_duplicates_system ON local_queue_duplicates FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE event_outbox_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_outbox_claims FORCE ROW LEVEL SECURITY;
CREATE POLICY event_outbox_claims_system ON event_outbox_claims FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE dead_letter_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE dead_letter_records FORCE ROW LEVEL SECURITY;
CREATE POLICY dead_letter_records_system ON dead_letter_records FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON local_queue_messages, local_queue_duplicates, event_outbox_claims,
  dead_letter_records TO korevitta_system;
