import * as v from 'valibot';
import { isCalendarDate } from '@korevitta/domain';

/** Shared request/response schemas of the daily-execution endpoints. */
export const CalendarDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), v.check(isCalendarDate, 'is not a calendar date'));
export const Uuid = v.pipe(v.string(), v.uuid('must be a UUID'));

const Hydration = v.strictObject({ goalMl: v.nullable(v.number()), consumedMl: v.number(), percent: v.nullable(v.number()) });

export const DailyTask = v.strictObject({
  id: v.string(),
  taskKey: v.string(),
  kind: v.picklist(['meal', 'training', 'supplement', 'hydration']),
  title: v.string(),
  scheduledTime: v.nullable(v.string()),
  targetMl: v.nullable(v.number()),
  protocolId: v.string(),
  protocolVersion: v.number(),
  completed: v.boolean(),
  completedAt: v.nullable(v.string()),
});

export const MyDay = v.strictObject({ date: v.string(), today: v.string(), timezone: v.string(), tasks: v.array(DailyTask), hydration: Hydration });

export const Completion = v.strictObject({ taskId: v.string(), completed: v.boolean(), completedAt: v.nullable(v.string()) });

export const WaterLog = v.strictObject({ id: v.string(), loggedAt: v.string(), logDate: v.string(), amountMl: v.number(), hydration: Hydration });

const Average = v.strictObject({ from: v.string(), to: v.string(), completionRate: v.nullable(v.number()), hydrationPercent: v.nullable(v.number()) });
export const Adherence = v.strictObject({
  patientId: v.string(),
  from: v.string(),
  to: v.string(),
  today: v.string(),
  timezone: v.string(),
  days: v.array(v.strictObject({ date: v.string(), completed: v.number(), total: v.number(), completionRate: v.nullable(v.number()), hydrationPercent: v.nullable(v.number()) })),
  averages: v.strictObject({ last7: Average, last30: Average }),
});

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const problemResponses = {
  400: { description: 'Invalid request (problem+json with errors[])' },
  401: { description: 'Not authenticated' },
  403: { description: 'Not allowed for this role' },
} as const;
