/**
 * Where a patient's data lives, table by table, and what the LGPD export and the anonymisation do with it
 * (issue 12, ADR 0019). One entry per tenant table: a new table (measurements, photos, lab results, billing)
 * adds its entry here, and tests/compliance/subject-data.int.test.ts fails until it does, because it compares
 * this map with every table of the catalog that has a `professional_id` or `patient_id` column.
 */
export interface SubjectTable {
  /**
   * How the data subject's rows are found: a column holding the patient's id, or a column pointing at rows of
   * another table that has one. null: the table holds no data about a patient (the note says why).
   */
  subject: { column: string } | { column: string; via: { table: string; column: string } } | null;
  /** The file of the export the rows go to (`<name>.json`), or null when they are not exported (note says why). */
  exportAs: string | null;
  /**
   * What anonymisation does to the subject's rows: `keep` the numeric facts (adherence, measurements, risk
   * history, so aggregates stay true), or overwrite identifying and free-text columns with fixed SQL expressions
   * (constants of this file, never input).
   */
  anonymise: 'keep' | { set: Record<string, string> };
  /** Columns the export leaves out of the rows it writes (secrets, even hashed). */
  omit?: readonly string[];
  note?: string;
}

const REDACTED = `'[removido]'`;

export const SUBJECT_DATA: Readonly<Record<string, SubjectTable>> = {
  patients: {
    subject: { column: 'id' }, exportAs: 'profile',
    anonymise: { set: {
      name: `'Paciente anonimizado'`, email: 'NULL', phone: 'NULL', notes: 'NULL', birth_date: `date_trunc('year', birth_date)::date`,
      search_text: `'paciente anonimizado'`, sort_name: `'paciente anonimizado'`,
    } },
  },
  users: {
    subject: { column: 'patient_id' }, exportAs: 'account', omit: ['password_hash'],
    anonymise: { set: { email: `'anon-' || id || '@anonimizado.invalid'`, email_normalized: `'anon-' || id || '@anonimizado.invalid'`, password_hash: `'!anonymised'`, disabled_at: 'now()' } },
    note: 'password_hash is never exported',
  },
  audit_log: { subject: { column: 'entity_id' }, exportAs: 'audit', anonymise: { set: { changes: `'{}'::jsonb` } }, note: 'the trail of the subject; changes may hold names and e-mails before/after' },
  patient_access_log: { subject: { column: 'patient_id' }, exportAs: 'access-log', anonymise: 'keep' },
  patient_access_buffer: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'drained into patient_access_log within a minute' },
  protocols: { subject: { column: 'patient_id' }, exportAs: 'protocols', anonymise: 'keep' },
  protocol_versions: { subject: { column: 'protocol_id', via: { table: 'protocols', column: 'id' } }, exportAs: 'protocol-versions', anonymise: 'keep' },
  daily_tasks: { subject: { column: 'patient_id' }, exportAs: 'daily-tasks', anonymise: 'keep' },
  daily_task_completions: { subject: { column: 'patient_id' }, exportAs: 'task-completions', anonymise: 'keep' },
  daily_adherence_days: { subject: { column: 'patient_id' }, exportAs: 'adherence', anonymise: 'keep' },
  daily_task_horizons: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'materialization bookkeeping' },
  water_intake_logs: { subject: { column: 'patient_id' }, exportAs: 'water', anonymise: 'keep' },
  checkin_schedules: { subject: { column: 'patient_id' }, exportAs: 'checkin-schedule', anonymise: 'keep' },
  checkins: {
    subject: { column: 'patient_id' }, exportAs: 'checkins',
    anonymise: { set: {
      review_notes: 'NULL',
      // Free-text answers are redacted, numbers and choices kept (they feed the risk history).
      responses: `CASE WHEN responses IS NULL THEN NULL ELSE COALESCE((SELECT jsonb_object_agg(k, CASE WHEN jsonb_typeof(v) = 'string' THEN to_jsonb(${REDACTED}::text) ELSE v END) FROM jsonb_each(responses) e(k, v)), '{}'::jsonb) END`,
    } },
  },
  threads: { subject: { column: 'patient_id' }, exportAs: 'threads', anonymise: { set: { subject: 'NULL' } } },
  messages: { subject: { column: 'patient_id' }, exportAs: 'messages', anonymise: { set: { body: REDACTED } } },
  risk_recalc_requests: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'a pending job, ids only' },
  body_measurements: { subject: { column: 'patient_id' }, exportAs: 'measurements', anonymise: 'keep', note: 'numbers only; kept so aggregates stay true' },
  progress_photos: {
    subject: { column: 'patient_id' }, exportAs: 'photos', anonymise: 'keep',
    note: 'rows hold blob names, pose and dates; the images are identifying: anonymisation deletes these rows and, after the commit, every blob of the patient (compliance.purge_patient_blobs)',
  },
  lab_panels: {
    subject: { column: 'patient_id' }, exportAs: 'lab-results',
    // The laboratory's name is a business (not the subject), but with the collection date it can point to a branch near
    // where the subject lives: dropped. Dates, the catalog version and the exam file's blob name stay (ADR 0020).
    anonymise: { set: { laboratory: 'NULL' } },
    note: 'the exam file in the documents container is identifying (a lab report names the patient): anonymisation deletes every blob under the patient\'s prefix, exam files included',
  },
  lab_values: { subject: { column: 'patient_id' }, exportAs: 'lab-values', anonymise: 'keep', note: 'numbers and units only; kept so aggregates stay true' },
  uploads: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'upload slots (type, size, blob name); unconfirmed ones are purged after 24 h; anonymisation deletes their blobs' },
  brandings: { subject: null, exportAs: null, anonymise: 'keep', note: "the practice's white label" },
  subscriptions: { subject: null, exportAs: null, anonymise: 'keep', note: "the practice's plan" },
  billing_operations: { subject: null, exportAs: null, anonymise: 'keep', note: 'calls to the billing provider (kind, idempotency key, state)' },
  billing_events: { subject: null, exportAs: null, anonymise: 'keep', note: "the provider's webhook events about the practice's subscription; payload purge after 30 days exists but is not scheduled yet" },
  patient_invites: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'token hashes and times only' },
  data_exports: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'export requests and their state (ids, times, sizes); each request and download is in the audit trail' },
  patient_invite_requests: { subject: { column: 'patient_id' }, exportAs: null, anonymise: 'keep', note: 'quota ledger, ids and times only' },
  checkin_forms: { subject: null, exportAs: null, anonymise: 'keep', note: "the professional's form templates" },
  checkin_form_versions: { subject: null, exportAs: null, anonymise: 'keep', note: "the professional's form templates (a check-in's form is exported with it)" },
  protocol_templates: { subject: null, exportAs: null, anonymise: 'keep', note: "the professional's templates" },
  auth_sessions: { subject: null, exportAs: null, anonymise: 'keep', note: "session metadata of a user; anonymisation revokes the patient's sessions" },
  refresh_tokens: { subject: null, exportAs: null, anonymise: 'keep', note: 'hashes of a session; revoked with it' },
  password_reset_tokens: { subject: null, exportAs: null, anonymise: 'keep', note: 'hashes; expire within the hour' },
  idempotency_keys: { subject: null, exportAs: null, anonymise: 'keep', note: 'stored responses expire within 24 h (retention-purge)' },
  event_outbox: { subject: null, exportAs: null, anonymise: 'keep', note: 'transport rows with ids only; purged a week after publication' },
  notification_preferences: { subject: null, exportAs: null, anonymise: 'keep', note: 'switches of a user, no personal data' },
  thread_read_markers: { subject: null, exportAs: null, anonymise: 'keep', note: 'read positions (ids)' },
  thread_unread_counts: { subject: null, exportAs: null, anonymise: 'keep', note: 'counters' },
  thread_notification_state: { subject: null, exportAs: null, anonymise: 'keep', note: 'notification throttling state (ids, times)' },
};
