import { fail, ok, type Result } from '../shared/result.ts';
import { localDate } from './calendar.ts';
import { hydrationProgress, type HydrationProgress } from './hydration.ts';
import type { DailyCaller, DailyDeps, DailyTaskView } from './ports.ts';

export interface MyDayTask extends Omit<DailyTaskView, 'completedAt'> { completed: boolean; completedAt: Date | null }
export interface MyDay { date: string; today: string; timezone: string; tasks: MyDayTask[]; hydration: HydrationProgress }

/**
 * The patient's day (default: its today in its time zone): tasks with completion state and hydration
 * progress. The hydration task is "completed" when the intake reaches the goal (it is never ticked).
 */
export async function getMyDay(deps: Pick<DailyDeps, 'store' | 'now'>, caller: DailyCaller, input: { date?: string }): Promise<Result<MyDay, 'RESOURCE.NOT_FOUND'>> {
  if (caller.role !== 'patient' || caller.patientId === null) return fail('RESOURCE.NOT_FOUND');
  const timezone = await deps.store.patientTimezone(caller.patientId);
  if (timezone === null) return fail('RESOURCE.NOT_FOUND');
  const today = localDate(deps.now, timezone);
  const date = input.date ?? today;
  const { tasks, consumedMl } = await deps.store.day(caller.patientId, date);
  const goal = tasks.find((t) => t.kind === 'hydration')?.targetMl ?? null;
  const hydration = hydrationProgress(goal, consumedMl);
  return ok({
    date,
    today,
    timezone,
    hydration,
    tasks: tasks.map((t) => ({ ...t, completed: t.kind === 'hydration' ? goal !== null && consumedMl >= goal : t.completedAt !== null })),
  });
}
