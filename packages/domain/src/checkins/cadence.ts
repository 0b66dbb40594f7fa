import * as v from 'valibot';
import { fieldMessage, formatMessage } from '../shared/field-problems.ts';
import { timeOfDay } from '../shared/schema-kit.ts';
import { addDays, daysBetween, isCalendarDate, isValidTimeZone, localDate } from '../daily/calendar.ts';
import { zonedInstant } from './zoned-time.ts';

/**
 * When a patient's check-ins fall due (seed §10.2 rule 1). A schedule is a rule over the patient's local
 * calendar: occurrence k is due on the local date below at `dueTime`, wall-clock, in `timezone`:
 *
 * - `weekly` / `biweekly`: anchorDate + 7k / 14k days (so always the anchor's weekday);
 * - `monthly`: the anchor's day of month, k months later, clamped to the month's last day and always
 *   computed from the anchor (never from the previous occurrence): Jan 31 → Feb 28 (29) → Mar 31;
 * - `custom`: anchorDate + k·everyDays.
 *
 * Because the due time is wall-clock, a 09:00 check-in stays at 09:00 local across DST changes (the UTC
 * instant moves by an hour). A due time skipped by a spring-forward gap moves forward by the gap.
 *
 * An instance's window (decided here, used by the state machine):
 * - opensAt = the same wall-clock time one local day before the due date (23, 24 or 25 real hours),
 *   but never before the previous instance closed: an instance is created when the previous one closes,
 *   so at most one instance per schedule is open at a time;
 * - graceEndsAt = dueAt + graceHours elapsed hours (not wall-clock: a grace of 48 h is 48 real hours).
 * The grace window must be shorter than the cadence's shortest period, so that an instance is always
 * closed (at the latest, missed at grace end) before its successor falls due.
 */
export const CADENCES = ['weekly', 'biweekly', 'monthly', 'custom'] as const;
export type Cadence = (typeof CADENCES)[number];

const HOUR_MS = 3_600_000;
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const CheckinSchedule = v.pipe(
  v.strictObject({
    cadence: v.picklist(CADENCES),
    /** Only for `custom`: every N days (1–90). */
    everyDays: v.optional(v.nullable(int(1, 90))),
    dueTime: timeOfDay(),
    timezone: v.pipe(v.string(), v.check(isValidTimeZone, formatMessage('timezone'))),
    graceHours: int(0, 168),
    /** The local date the first check-in is due. */
    anchorDate: v.pipe(v.string(), v.check(isCalendarDate, formatMessage('date'))),
    formId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    formVersion: int(1, 1_000_000),
  }),
  v.check((s) => (s.cadence === 'custom') === (s.everyDays !== undefined && s.everyDays !== null), fieldMessage('every_days_custom_only')),
  v.check((s) => s.graceHours < shortestPeriodDays(s) * 24, fieldMessage('grace_too_long')),
);
export type CheckinSchedule = v.InferOutput<typeof CheckinSchedule>;

/** The timing of one instance. Invariant: opensAt ≤ dueAt ≤ graceEndsAt. */
export interface CheckinTimes { opensAt: Date; dueAt: Date; graceEndsAt: Date }

type Rule = { cadence: Cadence; everyDays?: number | null | undefined };

/** Days between two occurrences, the shortest for `monthly` (February). */
export function shortestPeriodDays(s: Rule): number {
  switch (s.cadence) {
    case 'weekly':
      return 7;
    case 'biweekly':
      return 14;
    case 'monthly':
      return 28;
    case 'custom':
      return s.everyDays ?? 1;
    default: {
      const never: never = s.cadence;
      throw new Error(`unknown cadence ${String(never)}`);
    }
  }
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The anchor's day of month, `k` months later, clamped to the month's end. */
function addMonthsClamped(anchor: string, k: number): string {
  const [y, m, d] = anchor.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + k;
  const year = Math.floor(total / 12);
  const month0 = total % 12;
  return `${pad(year, 4)}-${pad(month0 + 1)}-${pad(Math.min(d, daysInMonth(year, month0)))}`;
}

/** The local due date of occurrence `k` (k = 0 is the anchor). */
export function occurrenceDate(s: Pick<CheckinSchedule, 'cadence' | 'everyDays' | 'anchorDate'>, k: number): string {
  if (s.cadence === 'monthly') return addMonthsClamped(s.anchorDate, k);
  return addDays(s.anchorDate, k * shortestPeriodDays(s));
}

/** An occurrence index at or before the one due just after local date `date` (a cheap lower bound). */
function indexNear(s: Pick<CheckinSchedule, 'cadence' | 'everyDays' | 'anchorDate'>, date: string): number {
  if (s.cadence === 'monthly') {
    const [ay, am] = s.anchorDate.split('-').map(Number) as [number, number];
    const [y, m] = date.split('-').map(Number) as [number, number];
    return Math.max(0, (y - ay) * 12 + (m - am) - 1);
  }
  return Math.max(0, Math.floor(daysBetween(s.anchorDate, date) / shortestPeriodDays(s)) - 1);
}

type Timing = Pick<CheckinSchedule, 'cadence' | 'everyDays' | 'anchorDate' | 'dueTime' | 'timezone'>;

/** The first due instant strictly after `after`, never before the anchor date's occurrence. */
export function nextDueAt(s: Timing, after: Date): Date {
  const start = indexNear(s, localDate(after, s.timezone));
  // The lower bound is at most two occurrences early; the cap only guards against a bug.
  for (let k = start; k < start + 8; k += 1) {
    const due = zonedInstant(occurrenceDate(s, k), s.dueTime, s.timezone);
    if (due.getTime() > after.getTime()) return due;
  }
  throw new Error('nextDueAt: no occurrence found (bug)');
}

/** Same wall-clock time one local day before the due date, but never before `notBefore`. */
export function opensAt(s: Pick<CheckinSchedule, 'dueTime' | 'timezone'>, dueAt: Date, notBefore: Date | null = null): Date {
  const dayBefore = zonedInstant(addDays(localDate(dueAt, s.timezone), -1), s.dueTime, s.timezone);
  const open = notBefore && notBefore.getTime() > dayBefore.getTime() ? notBefore : dayBefore;
  return open.getTime() > dueAt.getTime() ? dueAt : open;
}

export function graceEndsAt(s: Pick<CheckinSchedule, 'graceHours'>, dueAt: Date): Date {
  return new Date(dueAt.getTime() + s.graceHours * HOUR_MS);
}

/**
 * The times of the instance that follows, created at `createdAt` (the moment the previous one closed, or
 * now for the first one). It is due at the first occurrence after both `after` (the previous due instant)
 * and `createdAt`: occurrences that passed while nothing was open (the schedule was just created, or the
 * system was down) are skipped rather than created already late or missed.
 */
export function instanceTimes(s: CheckinSchedule, after: Date | null, createdAt: Date): CheckinTimes {
  const from = after && after.getTime() > createdAt.getTime() ? after : createdAt;
  const dueAt = nextDueAt(s, from);
  return { opensAt: opensAt(s, dueAt, createdAt), dueAt, graceEndsAt: graceEndsAt(s, dueAt) };
}
