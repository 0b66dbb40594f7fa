import * as v from 'valibot';
import { count, decimal, singleLine, token } from '@korevitta/domain';
import { CalendarDate, ContentVersion, Id, Instant, Timezone } from '../shared-schemas.ts';

/** Shared request/response schemas of the daily-execution endpoints. */
export { CalendarDate };
export const Uuid = Id;

const Ml = count();
/**
 * Hydration progress, the same shape wherever it appears (the day, a water log, the adherence series):
 * the goal of the day's protocol (null without one), the intake, and intake/goal in whole percent, not
 * capped (null without a goal).
 */
export const Hydration = v.strictObject({ goalMl: v.nullable(Ml), consumedMl: Ml, percent: v.nullable(count()) });

export const DailyTask = v.strictObject({
  /** Null only for a planned task of a future day not generated yet (`source: plan`). */
  id: v.nullable(Id),
  taskKey: token(/^[a-z]+(:[a-z0-9_-]+(@\d{2}:\d{2})?)?$/, 100, 'token'),
  kind: v.picklist(['meal', 'training', 'supplement', 'hydration']),
  title: singleLine(200),
  scheduledTime: v.nullable(token(/^\d{2}:\d{2}$/, 5, 'time')),
  targetMl: v.nullable(Ml),
  protocolId: Id,
  /** The content version of the protocol the task comes from. */
  protocolContentVersion: ContentVersion,
  completed: v.boolean(),
  completedAt: v.nullable(Instant),
});

export const MyDay = v.strictObject({
  date: CalendarDate,
  today: CalendarDate,
  timezone: Timezone,
  /** `tasks`: the day's generated tasks; `plan`: a future day planned from the active protocol; `none`: no task. */
  source: v.picklist(['tasks', 'plan', 'none']),
  tasks: v.pipe(v.array(DailyTask), v.maxLength(200)),
  hydration: Hydration,
});

export const Completion = v.strictObject({ taskId: Id, completed: v.boolean(), completedAt: v.nullable(Instant) });

export const WaterLog = v.strictObject({ id: Id, loggedAt: Instant, logDate: CalendarDate, amountMl: Ml, hydration: Hydration });

const Rate = v.nullable(decimal(0, 1));
/** Averages over a window: `completionRate` (pooled completed/total) and `hydrationRate` (mean of min(1, intake/goal)), both 0–1. */
const Average = v.strictObject({ from: CalendarDate, to: CalendarDate, completionRate: Rate, hydrationRate: Rate });
export const Adherence = v.strictObject({
  patientId: Id,
  from: CalendarDate,
  to: CalendarDate,
  today: CalendarDate,
  timezone: Timezone,
  days: v.pipe(v.array(v.strictObject({ date: CalendarDate, completed: count(), total: count(), completionRate: Rate, hydration: Hydration })), v.maxLength(92)),
  averages: v.strictObject({ last7: Average, last30: Average }),
});

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const problemResponses = {
  400: { description: 'Invalid request (problem+json with errors[])' },
  401: { description: 'Not authenticated' },
  403: { description: 'Not allowed for this role' },
} as const;
