import { fail, ok, type Result } from '../shared/result.ts';
import { plannedTasksFor } from '../protocols/planned-tasks.ts';
import { localDate } from './calendar.ts';
import { hydrationProgress, type HydrationProgress } from './hydration.ts';
import type { DailyCaller, DailyDeps, DailyTaskView } from './ports.ts';

/** A task of the day; a planned one (a future day not generated yet) has no id and cannot be completed. */
export interface MyDayTask extends Omit<DailyTaskView, 'completedAt' | 'id'> { id: string | null; completed: boolean; completedAt: Date | null }

/**
 * Where the day's tasks come from: `tasks`, the day's generated tasks; `plan`, a future day not generated
 * yet, planned from the active protocol's current content (what the day will hold unless the protocol
 * changes); `none`, no task (no active protocol, or a past day without one).
 */
export type DaySource = 'tasks' | 'plan' | 'none';
export interface MyDay { date: string; today: string; timezone: string; source: DaySource; tasks: MyDayTask[]; hydration: HydrationProgress }

/**
 * The patient's day (default: its today in its time zone): tasks with completion state and hydration
 * progress. The hydration task is "completed" when the intake reaches the goal (it is never ticked). A
 * future day that is not generated yet answers the plan of the active protocol, so "no protocol" and "not
 * generated yet" never look alike.
 */
export async function getMyDay(deps: Pick<DailyDeps, 'store' | 'now'>, caller: DailyCaller, input: { date?: string }): Promise<Result<MyDay, 'RESOURCE.NOT_FOUND'>> {
  if (caller.role !== 'patient' || caller.patientId === null) return fail('RESOURCE.NOT_FOUND');
  const timezone = await deps.store.patientTimezone(caller.patientId);
  if (timezone === null) return fail('RESOURCE.NOT_FOUND');
  const today = localDate(deps.now, timezone);
  const date = input.date ?? today;
  const { tasks, consumedMl } = await deps.store.day(caller.patientId, date);
  if (tasks.length === 0 && date > today) {
    const active = await deps.store.activeProtocol(caller.patientId);
    if (active) {
      const planned = plannedTasksFor(active.content, date).map((t) => ({ ...t, id: null, protocolId: active.protocolId, protocolVersion: active.contentVersion, completedAt: null }));
      return ok(dayOf({ date, today, timezone, consumedMl, source: 'plan' }, planned));
    }
  }
  return ok(dayOf({ date, today, timezone, consumedMl, source: tasks.length > 0 ? 'tasks' : 'none' }, tasks));
}

function dayOf(d: { date: string; today: string; timezone: string; consumedMl: number; source: DaySource }, tasks: (Omit<MyDayTask, 'completed'>)[]): MyDay {
  const goal = tasks.find((t) => t.kind === 'hydration')?.targetMl ?? null;
  const hydration = hydrationProgress(goal, d.consumedMl);
  return {
    date: d.date,
    today: d.today,
    timezone: d.timezone,
    source: d.source,
    hydration,
    tasks: tasks.map((t) => ({ ...t, completed: t.kind === 'hydration' ? goal !== null && d.consumedMl >= goal : t.completedAt !== null })),
  };
}
