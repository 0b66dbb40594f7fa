import { fail, ok, type Result } from '../shared/result.ts';
import type { TaskKind } from '../protocols/planned-tasks.ts';
import { localDate } from './calendar.ts';

/** What the completion rules need to know about a task, as the caller's transaction sees it. */
export interface TaskForCompletion {
  id: string;
  patientId: string;
  taskDate: string;
  kind: TaskKind;
  completedAt: Date | null;
  /** The patient's IANA time zone. */
  timezone: string;
}

export type CompletionDecision = { kind: 'insert' } | { kind: 'already_done'; completedAt: Date };
export type UndoDecision = { kind: 'delete' } | { kind: 'already_undone' };

/**
 * Complete: only the caller's own task (anything else is "not found", never "forbidden": no existence
 * oracle); never a task of a day after the patient's today in its time zone; the hydration task is
 * derived from water logs and cannot be ticked; completing twice is a no-op.
 */
export function decideComplete(task: TaskForCompletion | null, caller: { patientId: string | null }, now: Date):
  Result<CompletionDecision, 'DAILY.TASK_NOT_FOUND' | 'DAILY.FUTURE_TASK' | 'DAILY.TASK_NOT_COMPLETABLE'> {
  if (!task || caller.patientId === null || task.patientId !== caller.patientId) return fail('DAILY.TASK_NOT_FOUND');
  if (task.kind === 'hydration') return fail('DAILY.TASK_NOT_COMPLETABLE');
  if (task.taskDate > localDate(now, task.timezone)) return fail('DAILY.FUTURE_TASK', { params: { date: task.taskDate } });
  if (task.completedAt) return ok({ kind: 'already_done', completedAt: task.completedAt });
  return ok({ kind: 'insert' });
}

/** Undo: only the caller's own task; undoing a task that is not completed is a no-op. */
export function decideUndo(task: TaskForCompletion | null, caller: { patientId: string | null }): Result<UndoDecision, 'DAILY.TASK_NOT_FOUND'> {
  if (!task || caller.patientId === null || task.patientId !== caller.patientId) return fail('DAILY.TASK_NOT_FOUND');
  return ok(task.completedAt ? { kind: 'delete' } : { kind: 'already_undone' });
}
