-- migrate:as-login
-- Unread counts kept at write time (docs/BENCHMARKS.md, "Issue 4: communication"). Computing them when the inbox
-- is read cost ~8 ms of PostgreSQL CPU per `GET /v1/threads` (a correlated count over partitioned `messages`
-- for every thread with activity after the caller's marker), so the professional's inbox could not reach
-- 200 rps. Now one row per (thread, participant user) holds that user's unread count, and the inbox reads it.
--
-- Meaning, unchanged: unread for user U in thread T = messages of T sent by anyone but U after U's read marker
-- (all of them without a marker). The participant users of a thread are every login that can see it: the
-- practice's professional logins (users.role = 'professional' of threads.professional_id, however many) and the
-- patient's login (users.role = 'patient' with users.patient_id = threads.patient_id, at most one). A colleague's
-- message is unread for the other professional logins, as it was when counted at read time.
--
-- Invariant: every (thread, participant user) pair has a row and its unread_count is exact. It is kept by four
-- statement-level triggers (set-based, so a bulk insert costs one statement, not one per row):
--   threads  AFTER INSERT  rows with 0 for the new thread's participants (a new thread has no messages);
--   users    AFTER INSERT  rows for every thread the new login can see, counted from scratch (a patient who
--                          accepts an invite after the professional wrote sees those messages as unread);
--   messages AFTER INSERT  +1 per new message of someone else after the row's marker;
--   thread_read_markers AFTER INSERT / AFTER UPDATE  the moved marker's count is recounted (markers only move
--                          forward, so this reads only the messages after the new marker).
--
-- Privileges. RLS lets the app write only its own marker, and the app must never write a count at all (a user
-- could zero a colleague's or a patient's badge), so korevitta_app gets SELECT on its own rows only. The
-- trigger functions are SECURITY DEFINER and owned by korevitta_system: they run with that role's existing,
-- catalog-visible policies (`*_system`, USING (true)) and grants, which they need to see the other party's
-- rows and logins. They cannot run as korevitta_owner: every table FORCEs row level security and the owner
-- has no policies. They are trigger functions (not callable directly; EXECUTE revoked from PUBLIC), use only
-- NEW rows and fully qualified names, and pin search_path to pg_catalog, pg_temp. Handing a function to
-- korevitta_system needs a login that is a member of it and CREATE on the schema for a moment, so this file
-- runs as the login: it creates everything as korevitta_owner, changes the functions' owner, then revokes.
--
-- Concurrency (READ COMMITTED; each statement inside a PL/pgSQL function takes a new snapshot):
--   * post vs mark-read of another user U: both lock U's count row before they read. Whoever locks second
--     reads after the first committed (the poster sees the new marker; the reader recounts the new message).
--   * post vs post in one thread: serialized on the thread row (FOR NO KEY UPDATE, the lock touchThread takes
--     a moment later anyway), so two posters never lock each other's count rows in opposite orders. A poster
--     never locks its own count row here (only its marker trigger does, after its marker), so a concurrent
--     mark-read by the poster cannot deadlock with it.
--   * new login vs post or new thread: the users trigger locks the patient row (patient login) or the
--     professionals row (professional login) FOR UPDATE. Every insert into messages and threads holds FOR KEY
--     SHARE on both rows (their foreign keys), taken before the statement-level trigger runs, so one of the two
--     waits for the other to commit and then sees its rows.

SET LOCAL ROLE korevitta_owner;

CREATE TABLE thread_unread_counts (
  thread_id uuid NOT NULL REFERENCES threads(id),
  user_id uuid NOT NULL REFERENCES users(id),
  professional_id uuid NOT NULL REFERENCES professionals(id),
  unread_count integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, user_id)
);
-- The inbox badge: the caller's threads with unread messages only (a handful of index tuples, not the tenant).
-- The per-thread lookups of the list are PK probes (thread_id, user_id).
CREATE INDEX thread_unread_counts_unread_idx ON thread_unread_counts (user_id) INCLUDE (thread_id, unread_count) WHERE unread_count > 0;
-- Finding one user's rows (the users trigger, support queries): the PK leads with thread_id.
CREATE INDEX thread_unread_counts_user_idx ON thread_unread_counts (user_id, thread_id);

ALTER TABLE thread_unread_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE thread_unread_counts FORCE ROW LEVEL SECURITY;
-- Read-only for the app, own rows only; written only by the trigger functions below (as korevitta_system).
CREATE POLICY thread_unread_counts_self_read ON thread_unread_counts FOR SELECT TO korevitta_app
  USING (user_id = (SELECT app_ctx.user_id()) AND professional_id = (SELECT app_ctx.professional_id()));
CREATE POLICY thread_unread_counts_system ON thread_unread_counts FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT ON thread_unread_counts TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON thread_unread_counts TO korevitta_system;

-- A new thread: a zero row for each of its participant logins.
CREATE FUNCTION app_ctx.thread_unread_on_threads() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO public.thread_unread_counts (thread_id, user_id, professional_id, unread_count)
  SELECT t.id, u.id, t.professional_id, 0
  FROM new_threads t
  JOIN public.users u ON u.professional_id = t.professional_id AND (u.role = 'professional' OR u.patient_id = t.patient_id)
  ON CONFLICT (thread_id, user_id) DO NOTHING;
  RETURN NULL;
END $$;

-- A new login: a row for every thread it can see, with every message so far unread (a new user has no marker
-- and has sent nothing). The lock first (see Concurrency above), then the count in a fresh snapshot.
CREATE FUNCTION app_ctx.thread_unread_on_users() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM 1 FROM public.patients p
    WHERE p.id IN (SELECT nu.patient_id FROM new_users nu WHERE nu.role = 'patient') ORDER BY p.id FOR UPDATE;
  PERFORM 1 FROM public.professionals p
    WHERE p.id IN (SELECT nu.professional_id FROM new_users nu WHERE nu.role = 'professional') ORDER BY p.id FOR UPDATE;
  INSERT INTO public.thread_unread_counts (thread_id, user_id, professional_id, unread_count)
  SELECT t.id, u.id, t.professional_id,
    (SELECT count(*) FROM public.messages m WHERE m.thread_id = t.id AND m.sender_user_id <> u.id)
  FROM new_users u
  JOIN public.threads t ON t.professional_id = u.professional_id AND (u.role = 'professional' OR t.patient_id = u.patient_id)
  ON CONFLICT (thread_id, user_id) DO NOTHING;
  RETURN NULL;
END $$;

-- New messages: +1 for every other participant whose marker is before the message.
CREATE FUNCTION app_ctx.thread_unread_on_messages() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM 1 FROM public.threads t WHERE t.id IN (SELECT nm.thread_id FROM new_messages nm) ORDER BY t.id FOR NO KEY UPDATE;
  PERFORM 1 FROM public.thread_unread_counts c
    WHERE EXISTS (SELECT 1 FROM new_messages nm WHERE nm.thread_id = c.thread_id AND nm.sender_user_id <> c.user_id)
    ORDER BY c.thread_id, c.user_id FOR NO KEY UPDATE;
  UPDATE public.thread_unread_counts c SET unread_count = c.unread_count + d.n, updated_at = now()
  FROM (
    SELECT c2.thread_id, c2.user_id, count(*)::int AS n
    FROM public.thread_unread_counts c2
    JOIN new_messages nm ON nm.thread_id = c2.thread_id AND nm.sender_user_id <> c2.user_id
    LEFT JOIN public.thread_read_markers k ON k.thread_id = c2.thread_id AND k.user_id = c2.user_id
    WHERE k.thread_id IS NULL OR (nm.created_at, nm.id) > (k.last_read_at, k.last_read_message_id)
    GROUP BY c2.thread_id, c2.user_id
  ) d
  WHERE c.thread_id = d.thread_id AND c.user_id = d.user_id;
  RETURN NULL;
END $$;

-- A marker written (insert or forward move): recount that user's thread after the marker. The lower bound on
-- created_at stands alone so PostgreSQL prunes the monthly partitions before the marker.
CREATE FUNCTION app_ctx.thread_unread_on_markers() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM 1 FROM public.thread_unread_counts c
    WHERE EXISTS (SELECT 1 FROM changed_markers k WHERE k.thread_id = c.thread_id AND k.user_id = c.user_id)
    ORDER BY c.thread_id, c.user_id FOR NO KEY UPDATE;
  UPDATE public.thread_unread_counts c SET updated_at = now(), unread_count = (
    SELECT count(*) FROM public.messages m
    WHERE m.thread_id = k.thread_id AND m.sender_user_id <> k.user_id
      AND m.created_at >= k.last_read_at AND (m.created_at, m.id) > (k.last_read_at, k.last_read_message_id))
  FROM public.thread_read_markers k
  WHERE (k.thread_id, k.user_id) IN (SELECT ck.thread_id, ck.user_id FROM changed_markers ck)
    AND c.thread_id = k.thread_id AND c.user_id = k.user_id;
  RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION app_ctx.thread_unread_on_threads(), app_ctx.thread_unread_on_users(),
  app_ctx.thread_unread_on_messages(), app_ctx.thread_unread_on_markers() FROM PUBLIC;

-- Creating a trigger locks its table against writes until this migration commits, so nothing written from here
-- on escapes both the triggers and the backfill below.
CREATE TRIGGER thread_unread_on_threads AFTER INSERT ON threads
  REFERENCING NEW TABLE AS new_threads FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.thread_unread_on_threads();
CREATE TRIGGER thread_unread_on_users AFTER INSERT ON users
  REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.thread_unread_on_users();
CREATE TRIGGER thread_unread_on_messages AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_messages FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.thread_unread_on_messages();
-- A trigger with transition tables handles one event: one for insert, one for update.
CREATE TRIGGER thread_unread_on_marker_insert AFTER INSERT ON thread_read_markers
  REFERENCING NEW TABLE AS changed_markers FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.thread_unread_on_markers();
CREATE TRIGGER thread_unread_on_marker_update AFTER UPDATE ON thread_read_markers
  REFERENCING NEW TABLE AS changed_markers FOR EACH STATEMENT EXECUTE FUNCTION app_ctx.thread_unread_on_markers();

-- Hand the functions to korevitta_system (see Privileges above): CREATE on app_ctx for the moment of the change.
GRANT CREATE ON SCHEMA app_ctx TO korevitta_system;
RESET ROLE;
ALTER FUNCTION app_ctx.thread_unread_on_threads() OWNER TO korevitta_system;
ALTER FUNCTION app_ctx.thread_unread_on_users() OWNER TO korevitta_system;
ALTER FUNCTION app_ctx.thread_unread_on_messages() OWNER TO korevitta_system;
ALTER FUNCTION app_ctx.thread_unread_on_markers() OWNER TO korevitta_system;
SET LOCAL ROLE korevitta_owner;
REVOKE CREATE ON SCHEMA app_ctx FROM korevitta_system;
RESET ROLE;

-- Backfill every tenant, as korevitta_system (the one role whose policies see all tenants): the definition above,
-- counted once per (thread, participant user).
SET LOCAL ROLE korevitta_system;
INSERT INTO thread_unread_counts (thread_id, user_id, professional_id, unread_count)
SELECT t.id, u.id, t.professional_id,
  (SELECT count(*) FROM messages m
   WHERE m.thread_id = t.id AND m.sender_user_id <> u.id
     AND (k.thread_id IS NULL OR (m.created_at >= k.last_read_at AND (m.created_at, m.id) > (k.last_read_at, k.last_read_message_id))))
FROM threads t
JOIN users u ON u.professional_id = t.professional_id AND (u.role = 'professional' OR u.patient_id = t.patient_id)
LEFT JOIN thread_read_markers k ON k.thread_id = t.id AND k.user_id = u.id
ON CONFLICT (thread_id, user_id) DO NOTHING;
RESET ROLE;
