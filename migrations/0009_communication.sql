-- Communication (issue 4): threads between a professional and one patient, messages (monthly partitions),
-- per-user read markers, notification preferences and the per-thread notification state behind "at most one
-- new-message e-mail per thread per quiet period".
--
-- Message bodies are health data (LGPD Art. 11): they live only in `messages`, are never audited, never
-- logged and never e-mailed. The app may insert and read messages, never update or delete them, so the
-- table is its own attributed, append-only record (sender, role, time).

-- One thread per (patient, context): a single general thread per patient and one per check-in or protocol,
-- so "open the conversation" is get-or-create and two taps never make two threads.
CREATE TABLE threads (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  context_type text NOT NULL CHECK (context_type IN ('general', 'checkin', 'protocol')),
  context_id uuid,
  subject text CHECK (subject IS NULL OR char_length(subject) BETWEEN 1 AND 200),
  created_by uuid NOT NULL,
  last_message_at timestamptz,
  -- The list order: last message, or creation for a thread without messages yet.
  activity_at timestamptz NOT NULL GENERATED ALWAYS AS (COALESCE(last_message_at, created_at)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((context_type = 'general') = (context_id IS NULL))
);
CREATE UNIQUE INDEX threads_general_key ON threads (patient_id) WHERE context_type = 'general';
CREATE UNIQUE INDEX threads_context_key ON threads (patient_id, context_type, context_id) WHERE context_id IS NOT NULL;
-- The professional's list (newest activity first) and the patient's list / the professional's patient filter.
CREATE INDEX threads_professional_list_idx ON threads (professional_id, activity_at DESC, id DESC);
CREATE INDEX threads_patient_list_idx ON threads (patient_id, activity_at DESC, id DESC);

-- Partition key created_at. The primary key leads with thread_id, so "a thread's messages, newest first"
-- (thread_id, created_at DESC, id DESC) and "unread after the marker" are backward scans of it.
CREATE TABLE messages (
  id uuid NOT NULL,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  thread_id uuid NOT NULL REFERENCES threads(id),
  sender_user_id uuid NOT NULL,
  sender_role text NOT NULL CHECK (sender_role IN ('professional', 'patient')),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, created_at, id)
) PARTITION BY RANGE (created_at);
CREATE TABLE messages_default PARTITION OF messages DEFAULT;
ALTER TABLE messages_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages_default FORCE ROW LEVEL SECURITY;
-- Lookup by id (read markers, the notification consumer).
CREATE INDEX messages_id_idx ON messages (id);

-- Where each user has read a thread up to (never moves backwards). Unread = messages of others after it.
CREATE TABLE thread_read_markers (
  thread_id uuid NOT NULL REFERENCES threads(id),
  user_id uuid NOT NULL REFERENCES users(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  last_read_at timestamptz NOT NULL,
  last_read_message_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, user_id)
);

-- Absent row = defaults (e-mail on, 30 minutes).
CREATE TABLE notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  email_on_message boolean NOT NULL DEFAULT true,
  quiet_period_minutes integer NOT NULL DEFAULT 30 CHECK (quiet_period_minutes BETWEEN 0 AND 1440),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Written only by the notify-new-message consumer (system role), under a row lock, so two messages
-- delivered at once still send one e-mail per quiet period.
CREATE TABLE thread_notification_state (
  thread_id uuid NOT NULL REFERENCES threads(id),
  recipient_user_id uuid NOT NULL REFERENCES users(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  last_notified_at timestamptz,
  last_message_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, recipient_user_id)
);

-- Row level security. Professional: its tenant's threads and messages. Patient: only threads and messages of
-- its own patient_id. Markers and preferences: the caller's own rows. System: jobs and consumers.
ALTER TABLE threads ENABLE ROW LEVEL SECURITY;
ALTER TABLE threads FORCE ROW LEVEL SECURITY;
-- The patient must be one of the tenant's (patients RLS applies inside the subquery; the foreign key alone
-- would accept another tenant's patient).
CREATE POLICY threads_professional ON threads FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = threads.professional_id));
CREATE POLICY threads_patient_read ON threads FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
-- A patient opens only a general thread, of its own, with its own professional.
CREATE POLICY threads_patient_insert ON threads FOR INSERT TO korevitta_app
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND context_type = 'general' AND created_by = (SELECT app_ctx.user_id()));
-- Posting moves last_message_at (column grant below: nothing else is updatable).
CREATE POLICY threads_patient_update ON threads FOR UPDATE TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient')
  WITH CHECK (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
CREATE POLICY threads_system ON threads FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY messages_professional_read ON messages FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY messages_patient_read ON messages FOR SELECT TO korevitta_app
  USING (patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient');
-- Only a participant posts, only as itself: the sender is the caller, the thread is one the caller can see
-- (threads RLS applies inside the subquery) and the row's tenant and patient are the thread's.
CREATE POLICY messages_participant_insert ON messages FOR INSERT TO korevitta_app
  WITH CHECK (sender_user_id = (SELECT app_ctx.user_id()) AND sender_role = (SELECT app_ctx.role())
    AND professional_id = (SELECT app_ctx.professional_id())
    AND (sender_role = 'professional' OR patient_id = (SELECT app_ctx.patient_id()))
    AND EXISTS (SELECT 1 FROM threads t WHERE t.id = thread_id AND t.professional_id = messages.professional_id AND t.patient_id = messages.patient_id));
CREATE POLICY messages_system ON messages FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE thread_read_markers ENABLE ROW LEVEL SECURITY;
ALTER TABLE thread_read_markers FORCE ROW LEVEL SECURITY;
CREATE POLICY thread_read_markers_self ON thread_read_markers FOR ALL TO korevitta_app
  USING (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()))
  WITH CHECK (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id())
    AND EXISTS (SELECT 1 FROM threads t WHERE t.id = thread_id));
CREATE POLICY thread_read_markers_system ON thread_read_markers FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_preferences_self ON notification_preferences FOR ALL TO korevitta_app
  USING (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()))
  WITH CHECK (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY notification_preferences_system ON notification_preferences FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE thread_notification_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE thread_notification_state FORCE ROW LEVEL SECURITY;
CREATE POLICY thread_notification_state_system ON thread_notification_state FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Least privilege: threads are never deleted and only their last-message time moves; messages are append-only.
GRANT SELECT, INSERT ON threads, messages TO korevitta_app;
GRANT UPDATE (last_message_at, updated_at) ON threads TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON thread_read_markers, notification_preferences TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON threads, thread_read_markers, notification_preferences, thread_notification_state TO korevitta_system;
GRANT SELECT, INSERT ON messages TO korevitta_system;

SELECT app_ctx.ensure_monthly_partitions('messages', current_date, 3);
