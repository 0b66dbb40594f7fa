import { fail, ok, type Result } from '../shared/result.ts';
import { addDays, localDate } from '../daily/calendar.ts';
import { instanceTimes, type CheckinSchedule, type CheckinTimes } from './cadence.ts';
import { zonedInstant } from './zoned-time.ts';
import type { ValidAnswers } from './form-schema.ts';

/**
 * The life of one check-in instance (seed §10.2, DESIGN.md §7), as a decider:
 *
 *   scheduled ──open──▶ pending ──due──▶ late ──grace end──▶ missed
 *                          │               │
 *                          └──submit──▶ submitted ◀──submit (recorded as late)
 *                                          │
 *                                          └──review──▶ reviewed
 *
 * Time is half-open: the instance is open from `opensAt`, late from `dueAt` (a submission at 08:59:59.999
 * for a 09:00 due time is on time), missed from `graceEndsAt`. `submitted` and `missed` close the
 * instance; the caller then creates the next one with `nextInstance` (the schedule in force at that
 * moment applies, so a schedule change takes effect from the next instance).
 *
 * Timing commands (open, mark due, mark grace ended) come from scheduled queue messages and the sweep.
 * Each names a target step; the decision walks every step from the current state up to the target, so:
 * - duplicated or replayed: the state is already at or past the target (or closed) → no events;
 * - reordered (grace end before due): the walk emits opened?, became late, missed in order, no step skipped;
 *   the late "due" message then finds the target passed → no events;
 * - lost: `catchUp(state, now)` (the sweep) emits every transition due by `now`; a submit also catches up
 *   first, so a lost "open" never blocks a patient;
 * - early (clock skew): rejected with CHECKIN.TOO_EARLY and retryAfterSeconds, no events.
 * Event `at` is the instant the step became true (opensAt, dueAt, graceEndsAt, or `now` for a submit or
 * review), not the processing time, so a late sweep records the same history a timely message would.
 */
export const CHECKIN_STATUSES = ['scheduled', 'pending', 'late', 'submitted', 'reviewed', 'missed'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

interface CheckinBase extends CheckinTimes {
  checkinId: string;
  patientId: string;
  formId: string;
  formVersion: number;
}
interface Submission { openedAt: Date; lateAt: Date | null; submittedAt: Date; submittedLate: boolean; answers: ValidAnswers }

export type CheckinState =
  | (CheckinBase & { status: 'scheduled' })
  | (CheckinBase & { status: 'pending'; openedAt: Date })
  | (CheckinBase & { status: 'late'; openedAt: Date; lateAt: Date })
  | (CheckinBase & { status: 'missed'; openedAt: Date; lateAt: Date; missedAt: Date })
  | (CheckinBase & Submission & { status: 'submitted' })
  | (CheckinBase & Submission & { status: 'reviewed'; reviewedAt: Date; reviewerId: string; reviewNotes: string | null });

export type CheckinEvent =
  | { type: 'checkin_opened'; checkinId: string; at: Date }
  | { type: 'checkin_became_late'; checkinId: string; at: Date }
  | { type: 'checkin_missed'; checkinId: string; at: Date }
  | { type: 'checkin_submitted'; checkinId: string; at: Date; late: boolean; formVersion: number; answers: ValidAnswers }
  | { type: 'checkin_reviewed'; checkinId: string; at: Date; reviewerId: string; notes: string | null; timeToReviewMs: number };

export type TimingCommand = { type: 'open' } | { type: 'mark_due' } | { type: 'mark_grace_ended' };
export type CheckinCommand =
  | TimingCommand
  /** The patient's answers, validated against the schema of `formVersion` (see validateResponses). */
  | { type: 'submit'; formVersion: number; answers: ValidAnswers }
  | { type: 'review'; reviewerId: string; notes: string | null };

export type CheckinRejection =
  | 'CHECKIN.TOO_EARLY'
  | 'CHECKIN.NOT_OPEN'
  | 'CHECKIN.ALREADY_SUBMITTED'
  | 'CHECKIN.MISSED'
  | 'CHECKIN.FORM_VERSION_MISMATCH'
  | 'CHECKIN.NOT_SUBMITTED'
  | 'CHECKIN.ALREADY_REVIEWED';

/** Progress along the timing path; closed instances (submitted, reviewed) are past every timing step. */
const STEP: Record<CheckinStatus, number> = { scheduled: 0, pending: 1, late: 2, missed: 3, submitted: 4, reviewed: 4 };

type TimingEventType = 'checkin_opened' | 'checkin_became_late' | 'checkin_missed';
interface TimingStep { step: number; instant: (s: CheckinTimes) => Date; event: TimingEventType }

/** The timing path, one row per step: the step it reaches, the instant it becomes true and the event it records. */
const TARGET: Record<TimingCommand['type'], TimingStep> = {
  open: { step: STEP.pending, instant: (s) => s.opensAt, event: 'checkin_opened' },
  mark_due: { step: STEP.late, instant: (s) => s.dueAt, event: 'checkin_became_late' },
  mark_grace_ended: { step: STEP.missed, instant: (s) => s.graceEndsAt, event: 'checkin_missed' },
};

/** Each status's next timing step; closed statuses have none. */
const NEXT_STEP: Record<CheckinStatus, TimingStep | null> = {
  scheduled: TARGET.open,
  pending: TARGET.mark_due,
  late: TARGET.mark_grace_ended,
  missed: null,
  submitted: null,
  reviewed: null,
};

function nextStepOf(state: CheckinState): TimingStep | null {
  const next = NEXT_STEP[state.status];
  if (next === undefined) throw new Error(`unknown check-in status ${String(state.status)}`);
  return next;
}

const reached = (instant: Date, now: Date) => now.getTime() >= instant.getTime();

/** The next timing event of `state` if its instant has come and it does not go past `targetStep`. */
function nextTimingEvent(state: CheckinState, now: Date, targetStep: number): CheckinEvent | null {
  const next = nextStepOf(state);
  if (next === null || targetStep < next.step) return null;
  const at = next.instant(state);
  return reached(at, now) ? { type: next.event, checkinId: state.checkinId, at } : null;
}

/** Walks the timing path step by step; returns the events and the state they lead to. */
function advance(state: CheckinState, now: Date, targetStep: number): { events: CheckinEvent[]; state: CheckinState } {
  const events: CheckinEvent[] = [];
  let current = state;
  for (let e = nextTimingEvent(current, now, targetStep); e !== null; e = nextTimingEvent(current, now, targetStep)) {
    events.push(e);
    current = evolve(current, e);
  }
  return { events, state: current };
}

/** Every transition due by `now` (the `check_missed_checkins` sweep, and the first step of a submit). */
export function catchUp(state: CheckinState, now: Date): CheckinEvent[] {
  return advance(state, now, STEP.missed).events;
}

/**
 * What a check-in is as of `now`: the stored state with every transition whose time has come applied. The
 * API shows this, so a check-in reads `pending` from its `opensAt` exactly, the instant a submit is accepted;
 * the timing messages and the sweep persist the same transitions moments later.
 */
export function visibleState(state: CheckinState, now: Date): CheckinState {
  return advance(state, now, STEP.missed).state;
}

export function decide(command: CheckinCommand, state: CheckinState, now: Date): Result<CheckinEvent[], CheckinRejection> {
  switch (command.type) {
    case 'open':
    case 'mark_due':
    case 'mark_grace_ended': {
      const target = TARGET[command.type];
      if (STEP[state.status] >= target.step) return ok([]);
      const instant = target.instant(state);
      if (!reached(instant, now)) {
        return fail('CHECKIN.TOO_EARLY', {
          params: { step: command.type, at: instant.toISOString() },
          retryAfterSeconds: Math.ceil((instant.getTime() - now.getTime()) / 1000),
        });
      }
      return ok(advance(state, now, target.step).events);
    }
    case 'submit':
      return decideSubmit(command, state, now);
    case 'review':
      return decideReview(command, state, now);
    default: {
      const never: never = command;
      throw new Error(`unknown check-in command ${String((never as { type: unknown }).type)}`);
    }
  }
}

function decideSubmit(command: Extract<CheckinCommand, { type: 'submit' }>, state: CheckinState, now: Date): Result<CheckinEvent[], CheckinRejection> {
  const caught = advance(state, now, STEP.missed);
  const s = caught.state;
  switch (s.status) {
    case 'scheduled':
      return fail('CHECKIN.NOT_OPEN', { params: { opensAt: s.opensAt.toISOString() } });
    case 'missed':
      return fail('CHECKIN.MISSED', { params: { graceEndsAt: s.graceEndsAt.toISOString() } });
    case 'submitted':
    case 'reviewed':
      return fail('CHECKIN.ALREADY_SUBMITTED');
    case 'pending':
    case 'late': {
      if (command.formVersion !== s.formVersion) {
        return fail('CHECKIN.FORM_VERSION_MISMATCH', { params: { expected: s.formVersion, received: command.formVersion } });
      }
      const submitted: CheckinEvent = { type: 'checkin_submitted', checkinId: s.checkinId, at: now, late: s.status === 'late', formVersion: s.formVersion, answers: command.answers };
      return ok([...caught.events, submitted]);
    }
    default: {
      const never: never = s;
      throw new Error(`unknown check-in status ${String((never as { status: unknown }).status)}`);
    }
  }
}

function decideReview(command: Extract<CheckinCommand, { type: 'review' }>, state: CheckinState, now: Date): Result<CheckinEvent[], CheckinRejection> {
  switch (state.status) {
    case 'submitted': {
      const notes = command.notes?.trim() || null;
      const timeToReviewMs = Math.max(0, now.getTime() - state.submittedAt.getTime());
      return ok([{ type: 'checkin_reviewed', checkinId: state.checkinId, at: now, reviewerId: command.reviewerId, notes, timeToReviewMs }]);
    }
    case 'reviewed':
      return fail('CHECKIN.ALREADY_REVIEWED');
    case 'scheduled':
    case 'pending':
    case 'late':
    case 'missed':
      return fail('CHECKIN.NOT_SUBMITTED', { params: { status: state.status } });
    default: {
      const never: never = state;
      throw new Error(`unknown check-in status ${String((never as { status: unknown }).status)}`);
    }
  }
}

/** Applies one event. Events come from `decide`, so one that does not fit the state is a bug: it throws. */
export function evolve(state: CheckinState, event: CheckinEvent): CheckinState {
  const misfit = () => new Error(`event ${event.type} does not apply to a ${state.status} check-in ${state.checkinId}`);
  switch (event.type) {
    case 'checkin_opened':
      if (state.status !== 'scheduled') throw misfit();
      return { ...state, status: 'pending', openedAt: event.at };
    case 'checkin_became_late':
      if (state.status !== 'pending') throw misfit();
      return { ...state, status: 'late', lateAt: event.at };
    case 'checkin_missed':
      if (state.status !== 'late') throw misfit();
      return { ...state, status: 'missed', missedAt: event.at };
    case 'checkin_submitted': {
      if (state.status !== 'pending' && state.status !== 'late') throw misfit();
      const lateAt = state.status === 'late' ? state.lateAt : null;
      return { ...state, status: 'submitted', lateAt, submittedAt: event.at, submittedLate: event.late, answers: event.answers };
    }
    case 'checkin_reviewed':
      if (state.status !== 'submitted') throw misfit();
      return { ...state, status: 'reviewed', reviewedAt: event.at, reviewerId: event.reviewerId, reviewNotes: event.notes };
    default: {
      const never: never = event;
      throw new Error(`unknown check-in event ${String((never as { type: unknown }).type)}`);
    }
  }
}

export const evolveAll = (state: CheckinState, events: readonly CheckinEvent[]): CheckinState => events.reduce(evolve, state);

/** A submitted or missed check-in is closed: the caller creates the next instance (`nextInstance`). */
export const closesInstance = (event: CheckinEvent): boolean => event.type === 'checkin_submitted' || event.type === 'checkin_missed';

/** A state's lifecycle as flat nullable fields (the `checkins` columns, the API's item): null where the state has none. */
export interface CheckinLifecycle {
  openedAt: Date | null;
  lateAt: Date | null;
  missedAt: Date | null;
  submittedAt: Date | null;
  submittedLate: boolean | null;
  answers: ValidAnswers | null;
  reviewedAt: Date | null;
  reviewerId: string | null;
  reviewNotes: string | null;
}

export function lifecycleOf(s: CheckinState): CheckinLifecycle {
  const submitted = s.status === 'submitted' || s.status === 'reviewed' ? s : null;
  const reviewed = s.status === 'reviewed' ? s : null;
  return {
    openedAt: s.status === 'scheduled' ? null : s.openedAt,
    lateAt: s.status === 'late' || s.status === 'missed' ? s.lateAt : submitted ? submitted.lateAt : null,
    missedAt: s.status === 'missed' ? s.missedAt : null,
    submittedAt: submitted ? submitted.submittedAt : null,
    submittedLate: submitted ? submitted.submittedLate : null,
    answers: submitted ? submitted.answers : null,
    reviewedAt: reviewed ? reviewed.reviewedAt : null,
    reviewerId: reviewed ? reviewed.reviewerId : null,
    reviewNotes: reviewed ? reviewed.reviewNotes : null,
  };
}

/** When the sweep must next look at this instance (a `next_transition_at` column); null when closed. */
export function nextTransitionAt(state: CheckinState): Date | null {
  return nextStepOf(state)?.instant(state) ?? null;
}

/**
 * The scheduled messages that drive an instance, with deterministic ids so that re-publishing collapses
 * into one message (DESIGN.md §7).
 */
export function timingMessages(state: CheckinState): { messageId: string; command: TimingCommand; deliverAt: Date }[] {
  return (['open', 'mark_due', 'mark_grace_ended'] as const).map((type) => ({
    messageId: `checkin:${state.checkinId}:${type}`,
    command: { type },
    deliverAt: TARGET[type].instant(state),
  }));
}

/** From submission to review; for a submitted check-in not yet reviewed, the wait so far at `now`. */
export function timeToReviewMs(state: CheckinState, now: Date): number | null {
  switch (state.status) {
    case 'reviewed':
      return state.reviewedAt.getTime() - state.submittedAt.getTime();
    case 'submitted':
      return Math.max(0, now.getTime() - state.submittedAt.getTime());
    default:
      return null;
  }
}

/** The first instance of a new schedule, created at `now`. */
export function firstInstance(a: { checkinId: string; patientId: string; schedule: CheckinSchedule; now: Date }): CheckinState {
  return scheduled(a.checkinId, a.patientId, a.schedule, instanceTimes(a.schedule, null, a.now));
}

/**
 * The instance after `closed`, created when it closed (`now`), with the schedule in force now. It falls
 * due at the first occurrence after both `now` and the local day of the closed instance's due time (so a
 * schedule changed to a later time of day does not ask twice on the same day).
 */
export function nextInstance(a: { closed: CheckinState; checkinId: string; schedule: CheckinSchedule; now: Date }): CheckinState {
  if (a.closed.status !== 'submitted' && a.closed.status !== 'reviewed' && a.closed.status !== 'missed') {
    throw new Error(`check-in ${a.closed.checkinId} is ${a.closed.status}, not closed`);
  }
  // Never again on the closed one's local date: after a change of due time, "the next one" is the next period's.
  const nextDay = zonedInstant(addDays(localDate(a.closed.dueAt, a.schedule.timezone), 1), '00:00', a.schedule.timezone);
  const after = nextDay.getTime() > a.closed.dueAt.getTime() ? new Date(nextDay.getTime() - 1) : a.closed.dueAt;
  return scheduled(a.checkinId, a.closed.patientId, a.schedule, instanceTimes(a.schedule, after, a.now));
}

function scheduled(checkinId: string, patientId: string, s: CheckinSchedule, times: CheckinTimes): CheckinState {
  return { status: 'scheduled', checkinId, patientId, formId: s.formId, formVersion: s.formVersion, ...times };
}
