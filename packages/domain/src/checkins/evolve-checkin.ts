import type { ValidAnswers } from './form-schema.ts';
import type { CheckinEvent, CheckinState } from './checkin-state.ts';

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
