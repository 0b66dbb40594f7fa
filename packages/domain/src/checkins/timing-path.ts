import type { CheckinTimes } from './cadence.ts';
import type { CheckinState, CheckinStatus, TimingCommand } from './checkin-state.ts';

/** Progress along the timing path; closed instances (submitted, reviewed) are past every timing step. */
export const STEP: Record<CheckinStatus, number> = { scheduled: 0, pending: 1, late: 2, missed: 3, submitted: 4, reviewed: 4 };

export type TimingEventType = 'checkin_opened' | 'checkin_became_late' | 'checkin_missed';
export interface TimingStep { step: number; instant: (s: CheckinTimes) => Date; event: TimingEventType }

/** The timing path, one row per step: the step it reaches, the instant it becomes true and the event it records. */
export const TARGET: Record<TimingCommand['type'], TimingStep> = {
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

export function nextStepOf(state: CheckinState): TimingStep | null {
  const next = NEXT_STEP[state.status];
  if (next === undefined) throw new Error(`unknown check-in status ${String(state.status)}`);
  return next;
}

export const reached = (instant: Date, now: Date) => now.getTime() >= instant.getTime();
