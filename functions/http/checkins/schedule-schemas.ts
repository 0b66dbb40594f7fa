import * as v from 'valibot';
import { CADENCES, CHECKIN_STATUSES, integer, timeOfDay, visibleState, type ScheduleView } from '@korevitta/domain';
import { CalendarDate, Id, Instant, Revision, Timezone } from '../shared-schemas.ts';

/** Request and response schemas of a patient's check-in schedule (PUT and GET /v1/patients/{patientId}/checkin-schedule). */
const Uuid = Id;

export const ScheduleBody = v.strictObject({
  formId: Uuid,
  cadence: v.picklist(CADENCES),
  /** Only for `custom`: every N days (1–90). */
  everyDays: v.optional(v.nullable(integer(1, 90))),
  /** Local time of day in the patient's time zone, HH:MM. */
  dueTime: timeOfDay(),
  /** Hours after the due time during which a late answer is still accepted (shorter than the period). */
  graceHours: integer(0, 168),
  /** The local date the first check-in falls due (default: today in the patient's time zone). */
  anchorDate: v.optional(CalendarDate),
  enabled: v.optional(v.boolean()),
});

export const ScheduleItem = v.strictObject({
  patientId: Id,
  formId: Id,
  cadence: v.picklist(CADENCES),
  everyDays: v.nullable(integer(1, 90)),
  dueTime: timeOfDay(),
  graceHours: integer(0, 168),
  anchorDate: CalendarDate,
  enabled: v.boolean(),
  /** The patient's time zone, in which dueTime is read. */
  timezone: Timezone,
  /** Concurrency token of the schedule (its ETag); send it back in If-Match. */
  revision: Revision,
  updatedAt: Instant,
  /** The open instance (scheduled, pending or late as of now), if any. */
  current: v.nullable(v.strictObject({ id: Id, status: v.picklist(CHECKIN_STATUSES), opensAt: Instant, dueAt: Instant, graceEndsAt: Instant })),
});

export const toScheduleItem = (s: ScheduleView, now: Date): v.InferOutput<typeof ScheduleItem> => ({
  patientId: s.schedule.patientId, formId: s.schedule.formId, cadence: s.schedule.cadence, everyDays: s.schedule.everyDays, dueTime: s.schedule.dueTime,
  graceHours: s.schedule.graceHours, anchorDate: s.schedule.anchorDate, enabled: s.schedule.enabled, timezone: s.timezone, revision: s.schedule.version,
  updatedAt: s.schedule.updatedAt.toISOString(),
  current: s.current ? { id: s.current.checkinId, status: visibleState(s.current, now).status, opensAt: s.current.opensAt.toISOString(), dueAt: s.current.dueAt.toISOString(), graceEndsAt: s.current.graceEndsAt.toISOString() } : null,
});
