import { WEEKDAYS, type ProtocolContent, type Weekday } from './content.ts';

export type TaskKind = 'meal' | 'training' | 'supplement' | 'hydration';

export interface PlannedTask {
  /** Stable identity within a day: `meal:<key>`, `training:<key>`, `supplement:<key>@HH:MM`, `hydration`. */
  taskKey: string;
  kind: TaskKind;
  title: string;
  /** Local time of day in the patient's time zone, or null (training without time, hydration). */
  scheduledTime: string | null;
  /** Hydration only: the day's goal. */
  targetMl: number | null;
}

/** Weekday of a calendar date `YYYY-MM-DD` (the date is already in the patient's time zone). */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(dow + 6) % 7] as Weekday;
}

/**
 * The tasks a protocol version yields on one calendar date: one per meal, per training session scheduled
 * that weekday, per supplement intake time (on its weekdays, every day if none), and the hydration goal.
 * This is the specification the set-based SQL of materialization must match.
 */
export function plannedTasksFor(content: ProtocolContent, date: string): PlannedTask[] {
  const day = weekdayOf(date);
  const tasks: PlannedTask[] = [];
  for (const meal of content.nutrition?.meals ?? []) {
    tasks.push({ taskKey: `meal:${meal.key}`, kind: 'meal', title: meal.name, scheduledTime: meal.time, targetMl: null });
  }
  for (const session of content.training?.sessions ?? []) {
    if (session.weekdays.includes(day)) {
      tasks.push({ taskKey: `training:${session.key}`, kind: 'training', title: session.name, scheduledTime: session.time ?? null, targetMl: null });
    }
  }
  for (const item of content.supplementation?.items ?? []) {
    if (item.weekdays && !item.weekdays.includes(day)) continue;
    for (const time of item.times) {
      tasks.push({ taskKey: `supplement:${item.key}@${time}`, kind: 'supplement', title: item.name, scheduledTime: time, targetMl: null });
    }
  }
  if (content.hydration) {
    tasks.push({ taskKey: 'hydration', kind: 'hydration', title: 'Hidratação', scheduledTime: null, targetMl: content.hydration.dailyGoalMl });
  }
  return tasks.sort((a, b) => (a.scheduledTime ?? '99:99').localeCompare(b.scheduledTime ?? '99:99') || a.taskKey.localeCompare(b.taskKey));
}
