import * as v from 'valibot';
import {
  CHECKIN_STATUSES, count, decimal, FormSchema, lifecycleOf, MAX_INT32, multiLine, oneOrMoreOf, singleLine, timeToReviewMs, visibleState,
  type CheckinDetail, type CheckinState, type CheckinView,
} from '@korevitta/domain';
import { decodeCursor, keysetTimestamp, PageQuery, toPage } from '@korevitta/platform';
import { ContentVersion, Id, Instant, pageOf } from '../shared-schemas.ts';
import { FormName } from './form-schemas.ts';

/** Request and response schemas of the check-in endpoints (strict: unknown fields are a 400). */
const Uuid = Id;
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export const FormParams = v.strictObject({ formId: Uuid });
export const PatientParams = v.strictObject({ patientId: Uuid });
export const CheckinParams = v.strictObject({ checkinId: Uuid });

const Statuses = oneOrMoreOf(CHECKIN_STATUSES);
/** `status`: one or more statuses, as repeated parameters (the inbox default: submitted). */
export const InboxQuery = v.strictObject({ ...PageQuery, status: v.optional(Statuses), patientId: v.optional(Uuid) });
export const MyCheckinsQuery = v.strictObject({ ...PageQuery, status: v.optional(Statuses) });

export const SubmitBody = v.strictObject({
  /** The form content version the answers were written for (the check-in's formContentVersion). */
  formContentVersion: ContentVersion,
  /** Question id → answer; validated against that version's schema. */
  answers: v.pipe(v.record(v.pipe(v.string(), v.maxLength(40), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)), v.unknown()), v.maxEntries(50)),
});
export const ReviewBody = v.strictObject({ notes: v.optional(v.nullable(multiLine(4000, { min: 0 }))) });

const AnswerText = multiLine(5000, { min: 0 });
const Answer = v.union([decimal(-1_000_000, 1_000_000), v.boolean(), AnswerText, v.pipe(v.array(singleLine(40)), v.maxLength(30))]);

export const CheckinItem = v.strictObject({
  id: Id,
  patientId: Id,
  patientName: singleLine(200),
  formId: Id,
  formName: FormName,
  /** The form content version this check-in answers (send it back on submit). */
  formContentVersion: ContentVersion,
  /** As of now: a check-in reads `pending` from its opensAt exactly, `late` from its dueAt, `missed` from its graceEndsAt. */
  status: v.picklist(CHECKIN_STATUSES),
  opensAt: Instant,
  dueAt: Instant,
  graceEndsAt: Instant,
  openedAt: v.nullable(Instant),
  lateAt: v.nullable(Instant),
  missedAt: v.nullable(Instant),
  submittedAt: v.nullable(Instant),
  submittedLate: v.nullable(v.boolean()),
  reviewedAt: v.nullable(Instant),
  reviewNotes: v.nullable(multiLine(4000, { min: 0 })),
  /** Submission → review; for an answer still waiting, the wait so far. Null before an answer. */
  timeToReviewMs: v.nullable(v.pipe(count(), v.maxValue(MAX_INT32))),
});
export const CheckinPage = pageOf(CheckinItem);
export const CheckinDetailBody = v.strictObject({
  ...CheckinItem.entries,
  /** The schema of the form version this check-in answers (what the patient's app renders). */
  formSchema: FormSchema,
  /** Question id → answer, once answered. */
  answers: v.nullable(v.pipe(v.record(v.pipe(v.string(), v.maxLength(40), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)), Answer), v.maxEntries(50))),
});

const Keyset = v.object({ k: keysetTimestamp(), id: Uuid });
export const keysetCursor = (cursor: string | undefined) => {
  const c = decodeCursor(cursor, Keyset);
  return c ? { key: c.k, id: c.id } : null;
};

function lifecycle(s: CheckinState) {
  const l = lifecycleOf(s);
  return {
    openedAt: iso(l.openedAt), lateAt: iso(l.lateAt), missedAt: iso(l.missedAt), submittedAt: iso(l.submittedAt),
    submittedLate: l.submittedLate, reviewedAt: iso(l.reviewedAt), reviewNotes: l.reviewNotes,
  };
}

/** The check-in as of `now` (visibleState): what the API shows matches what a submit accepts. */
export function toCheckinItem(c: CheckinView, now: Date): v.InferOutput<typeof CheckinItem> {
  const state = visibleState(c.state, now);
  return {
    id: state.checkinId, patientId: state.patientId, patientName: c.patientName, formId: state.formId, formName: c.formName, formContentVersion: state.formVersion,
    status: state.status, opensAt: state.opensAt.toISOString(), dueAt: state.dueAt.toISOString(), graceEndsAt: state.graceEndsAt.toISOString(),
    ...lifecycle(state), timeToReviewMs: timeToReviewMs(state, now),
  };
}
export const toCheckinDetail = (c: CheckinDetail, now: Date): v.InferOutput<typeof CheckinDetailBody> => ({
  ...toCheckinItem(c, now),
  formSchema: c.formSchema,
  answers: (lifecycleOf(c.state).answers as Record<string, string | number | boolean | string[]> | null),
});
export const toCheckinPage = (rows: (CheckinView & { cursorKey: string })[], limit: number, now: Date) =>
  toPage(rows, limit, (r) => toCheckinItem(r, now), (r) => ({ k: r.cursorKey, id: r.state.checkinId }));

export { errorResponses } from '../shared-schemas.ts';
export const checkinNotFound = { 404: { description: 'No such check-in among yours (another practice’s or another patient’s is "not found")' } } as const;
