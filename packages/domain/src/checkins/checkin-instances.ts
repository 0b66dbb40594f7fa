import { addDays, localDate } from '../daily/calendar.ts';
import { instanceTimes, type CheckinSchedule, type CheckinTimes } from './cadence.ts';
import { zonedInstant } from './zoned-time.ts';
import type { CheckinState, TimingCommand } from './checkin-state.ts';
import { nextStepOf, TARGET } from './timing-path.ts';

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
