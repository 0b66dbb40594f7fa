import { lifecycleOf, nextTransitionAt, type CheckinState, type FormSchema, type ValidAnswers } from '@korevitta/domain';
import { checkins } from '../schema/index.ts';

/** A `checkins` row as Drizzle reads it. */
export type CheckinRow = typeof checkins.$inferSelect;

function need<T>(value: T | null, column: string, row: CheckinRow): T {
  if (value === null) throw new Error(`check-in ${row.id} is ${row.status} without ${column}`);
  return value;
}

/** The state machine's view of a row; a row that breaks the machine's invariants throws (a bug, not an input). */
export function toState(row: CheckinRow): CheckinState {
  const base = {
    checkinId: row.id, patientId: row.patientId, formId: row.formId, formVersion: row.formVersion,
    opensAt: row.opensAt, dueAt: row.dueAt, graceEndsAt: row.graceEndsAt,
  };
  const submission = () => ({
    openedAt: need(row.openedAt, 'opened_at', row),
    lateAt: row.lateAt,
    submittedAt: need(row.submittedAt, 'submitted_at', row),
    submittedLate: row.submittedLate ?? false,
    answers: need(row.responses, 'responses', row) as ValidAnswers,
  });
  switch (row.status) {
    case 'scheduled':
      return { ...base, status: 'scheduled' };
    case 'pending':
      return { ...base, status: 'pending', openedAt: need(row.openedAt, 'opened_at', row) };
    case 'late':
      return { ...base, status: 'late', openedAt: need(row.openedAt, 'opened_at', row), lateAt: need(row.lateAt, 'late_at', row) };
    case 'missed':
      return { ...base, status: 'missed', openedAt: need(row.openedAt, 'opened_at', row), lateAt: need(row.lateAt, 'late_at', row), missedAt: need(row.missedAt, 'missed_at', row) };
    case 'submitted':
      return { ...base, status: 'submitted', ...submission() };
    case 'reviewed':
      return { ...base, status: 'reviewed', ...submission(), reviewedAt: need(row.reviewedAt, 'reviewed_at', row), reviewerId: need(row.reviewerId, 'reviewer_id', row), reviewNotes: row.reviewNotes };
    default: {
      const never: never = row.status;
      throw new Error(`unknown check-in status ${String(never)}`);
    }
  }
}

/** The lifecycle columns of a state (everything but identity, timing and form, fixed at creation). */
export function lifecycleColumns(s: CheckinState) {
  const { answers, ...lifecycle } = lifecycleOf(s);
  return { status: s.status, ...lifecycle, responses: answers as Record<string, unknown> | null, nextTransitionAt: nextTransitionAt(s) };
}

export const asFormSchema = (value: unknown): FormSchema => value as FormSchema;
