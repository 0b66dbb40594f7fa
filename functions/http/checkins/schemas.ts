import * as v from 'valibot';
import {
  CADENCES, CHECKIN_STATUSES, FormSchema, lifecycleOf, timeToReviewMs,
  type CheckinDetail, type CheckinForm, type CheckinState, type CheckinView, type FormWithVersion, type ScheduleView,
} from '@korevitta/domain';
import { decodeCursor, PageQuery, toPage } from '@korevitta/platform';

/** Request and response schemas of the check-in endpoints (strict: unknown fields are a 400). */
const Uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/;
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export const FormParams = v.strictObject({ formId: Uuid });
export const PatientParams = v.strictObject({ patientId: Uuid });
export const CheckinParams = v.strictObject({ checkinId: Uuid });

const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be blank'), v.maxLength(120));
const Description = v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be blank'), v.maxLength(1000))));

export const CreateFormBody = v.strictObject({ name: Name, description: Description, schema: FormSchema });
export const PublishVersionBody = v.strictObject({ schema: FormSchema });
export const FormQuery = v.object({ version: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a positive integer'), v.transform(Number), v.minValue(1))) });

export const ScheduleBody = v.strictObject({
  formId: Uuid,
  cadence: v.picklist(CADENCES, `must be one of ${CADENCES.join(', ')}`),
  /** Only for `custom`: every N days (1–90). */
  everyDays: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)))),
  /** Local time of day in the patient's time zone, HH:MM. */
  dueTime: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00–23:59)')),
  /** Hours after the due time during which a late answer is still accepted (shorter than the period). */
  graceHours: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(168)),
  /** The local date the first check-in falls due (default: today in the patient's time zone). */
  anchorDate: v.optional(v.pipe(v.string(), v.isoDate('must be a date YYYY-MM-DD'))),
  enabled: v.optional(v.boolean()),
});

const Statuses = v.pipe(
  v.string(),
  v.transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0)),
  v.array(v.picklist(CHECKIN_STATUSES, `must be one of ${CHECKIN_STATUSES.join(', ')}`)),
  v.minLength(1, 'needs at least one status'),
);
/** `status`: one or more statuses, comma-separated (the inbox default: submitted). */
export const InboxQuery = v.object({ ...PageQuery, status: v.optional(Statuses), patientId: v.optional(Uuid) });
export const MyCheckinsQuery = v.object({ ...PageQuery, status: v.optional(Statuses) });

export const SubmitBody = v.strictObject({
  /** The form version the answers were written for (the check-in's formVersion). */
  formVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Question id → answer; validated against that version's schema. */
  responses: v.record(v.pipe(v.string(), v.maxLength(40)), v.unknown()),
});
export const ReviewBody = v.strictObject({ notes: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(4000)))) });

const Answer = v.union([v.number(), v.boolean(), v.string(), v.array(v.string())]);

export const FormItem = v.strictObject({
  id: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  currentVersion: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export const FormPage = v.strictObject({ items: v.array(FormItem), nextCursor: v.nullable(v.string()) });
export const FormDetail = v.strictObject({
  ...FormItem.entries,
  /** The version shown (the current one unless ?version= asks for another). */
  version: v.number(),
  schema: FormSchema,
  versions: v.array(v.strictObject({ version: v.number(), createdAt: v.string() })),
});

export const CheckinItem = v.strictObject({
  id: v.string(),
  patientId: v.string(),
  patientName: v.string(),
  formId: v.string(),
  formName: v.string(),
  formVersion: v.number(),
  status: v.picklist(CHECKIN_STATUSES),
  opensAt: v.string(),
  dueAt: v.string(),
  graceEndsAt: v.string(),
  openedAt: v.nullable(v.string()),
  lateAt: v.nullable(v.string()),
  missedAt: v.nullable(v.string()),
  submittedAt: v.nullable(v.string()),
  submittedLate: v.nullable(v.boolean()),
  reviewedAt: v.nullable(v.string()),
  reviewNotes: v.nullable(v.string()),
  /** Submission → review; for an answer still waiting, the wait so far. Null before an answer. */
  timeToReviewMs: v.nullable(v.number()),
});
export const CheckinPage = v.strictObject({ items: v.array(CheckinItem), nextCursor: v.nullable(v.string()) });
export const CheckinDetailBody = v.strictObject({
  ...CheckinItem.entries,
  /** The schema of the form version this check-in answers (what the patient's app renders). */
  formSchema: FormSchema,
  responses: v.nullable(v.record(v.string(), Answer)),
});

export const ScheduleItem = v.strictObject({
  patientId: v.string(),
  formId: v.string(),
  cadence: v.picklist(CADENCES),
  everyDays: v.nullable(v.number()),
  dueTime: v.string(),
  graceHours: v.number(),
  anchorDate: v.string(),
  enabled: v.boolean(),
  /** The patient's time zone, in which dueTime is read. */
  timezone: v.string(),
  version: v.number(),
  updatedAt: v.string(),
  /** The open instance (scheduled, pending or late), if any. */
  current: v.nullable(v.strictObject({ id: v.string(), status: v.picklist(CHECKIN_STATUSES), opensAt: v.string(), dueAt: v.string(), graceEndsAt: v.string() })),
});

const Keyset = v.object({ k: v.pipe(v.string(), v.regex(PG_TIMESTAMP)), id: Uuid });
export const keysetCursor = (cursor: string | undefined) => {
  const c = decodeCursor(cursor, Keyset);
  return c ? { key: c.k, id: c.id } : null;
};

export const toFormItem = (f: CheckinForm): v.InferOutput<typeof FormItem> => ({
  id: f.id, name: f.name, description: f.description, currentVersion: f.currentVersion, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
});
export const toFormPage = (rows: CheckinForm[], limit: number) => toPage(rows, limit, toFormItem, (f) => ({ k: f.createdAt.toISOString(), id: f.id }));
export const toFormDetail = (f: FormWithVersion): v.InferOutput<typeof FormDetail> => ({
  ...toFormItem(f.form), version: f.version.version, schema: f.version.schema, versions: f.versions.map((x) => ({ version: x.version, createdAt: x.createdAt.toISOString() })),
});

function lifecycle(s: CheckinState) {
  const l = lifecycleOf(s);
  return {
    openedAt: iso(l.openedAt), lateAt: iso(l.lateAt), missedAt: iso(l.missedAt), submittedAt: iso(l.submittedAt),
    submittedLate: l.submittedLate, reviewedAt: iso(l.reviewedAt), reviewNotes: l.reviewNotes,
  };
}

export const toCheckinItem = (c: CheckinView, now: Date): v.InferOutput<typeof CheckinItem> => ({
  id: c.state.checkinId, patientId: c.state.patientId, patientName: c.patientName, formId: c.state.formId, formName: c.formName, formVersion: c.state.formVersion,
  status: c.state.status, opensAt: c.state.opensAt.toISOString(), dueAt: c.state.dueAt.toISOString(), graceEndsAt: c.state.graceEndsAt.toISOString(),
  ...lifecycle(c.state), timeToReviewMs: timeToReviewMs(c.state, now),
});
export const toCheckinDetail = (c: CheckinDetail, now: Date): v.InferOutput<typeof CheckinDetailBody> => ({
  ...toCheckinItem(c, now),
  formSchema: c.formSchema,
  responses: (lifecycleOf(c.state).answers as Record<string, string | number | boolean | string[]> | null),
});
export const toCheckinPage = (rows: (CheckinView & { cursorKey: string })[], limit: number, now: Date) =>
  toPage(rows, limit, (r) => toCheckinItem(r, now), (r) => ({ k: r.cursorKey, id: r.state.checkinId }));

export const toScheduleItem = (s: ScheduleView): v.InferOutput<typeof ScheduleItem> => ({
  patientId: s.schedule.patientId, formId: s.schedule.formId, cadence: s.schedule.cadence, everyDays: s.schedule.everyDays, dueTime: s.schedule.dueTime,
  graceHours: s.schedule.graceHours, anchorDate: s.schedule.anchorDate, enabled: s.schedule.enabled, timezone: s.timezone, version: s.schedule.version,
  updatedAt: s.schedule.updatedAt.toISOString(),
  current: s.current ? { id: s.current.checkinId, status: s.current.status, opensAt: s.current.opensAt.toISOString(), dueAt: s.current.dueAt.toISOString(), graceEndsAt: s.current.graceEndsAt.toISOString() } : null,
});

export { errorResponses } from '../shared-schemas.ts';
export const checkinNotFound = { 404: { description: 'No such check-in among yours (another practice’s or another patient’s is "not found")' } } as const;
export const formNotFound = { 404: { description: 'No such check-in form among yours' } } as const;
