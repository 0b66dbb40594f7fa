import { fail, ok, type Result } from '../shared/result.ts';
import { decideComplete, decideUndo } from './completion.ts';
import type { DailyCaller, DailyDeps } from './ports.ts';

export interface CompletionState { taskId: string; completed: boolean; completedAt: Date | null }

/** POST completion: idempotent; audited, and the risk recalculation requested, only when it changes something. */
export async function completeDailyTask(deps: Pick<DailyDeps, 'store' | 'audit' | 'risk' | 'now'>, caller: DailyCaller, input: { taskId: string }):
  Promise<Result<CompletionState, 'DAILY.TASK_NOT_FOUND' | 'DAILY.FUTURE_TASK' | 'DAILY.TASK_NOT_COMPLETABLE'>> {
  const task = await deps.store.taskForCompletion(input.taskId);
  const decision = decideComplete(task, caller, deps.now);
  if (!decision.ok) return decision;
  if (decision.value.kind === 'already_done' || !task) {
    return ok({ taskId: input.taskId, completed: true, completedAt: decision.value.kind === 'already_done' ? decision.value.completedAt : null });
  }
  const { completedAt, inserted } = await deps.store.insertCompletion({ taskId: task.id, patientId: task.patientId, professionalId: caller.professionalId, completedAt: deps.now });
  if (inserted) {
    await deps.audit.record({ action: 'daily_task.completed', entityType: 'daily_task', entityId: task.id, changes: { completed: { before: false, after: true } } });
    await deps.risk.request([task.patientId], 'task_completed');
  }
  return ok({ taskId: task.id, completed: true, completedAt });
}

/** DELETE completion: idempotent; audited, and the risk recalculation requested, only when a completion was removed. */
export async function uncompleteDailyTask(deps: Pick<DailyDeps, 'store' | 'audit' | 'risk'>, caller: DailyCaller, input: { taskId: string }):
  Promise<Result<CompletionState, 'DAILY.TASK_NOT_FOUND'>> {
  const task = await deps.store.taskForCompletion(input.taskId);
  const decision = decideUndo(task, caller);
  if (!decision.ok || !task) return decision.ok ? fail('DAILY.TASK_NOT_FOUND') : decision;
  if (decision.value.kind === 'delete' && (await deps.store.deleteCompletion(input.taskId))) {
    await deps.audit.record({ action: 'daily_task.uncompleted', entityType: 'daily_task', entityId: input.taskId, changes: { completed: { before: true, after: false } } });
    await deps.risk.request([task.patientId], 'task_undone');
  }
  return ok({ taskId: input.taskId, completed: false, completedAt: null });
}
