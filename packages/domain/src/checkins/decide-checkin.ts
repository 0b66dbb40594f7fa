import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinCommand, CheckinEvent, CheckinRejection, CheckinState } from './checkin-state.ts';
import { evolve } from './evolve-checkin.ts';
import { nextStepOf, reached, STEP, TARGET } from './timing-path.ts';

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
