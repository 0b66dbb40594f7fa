import * as v from 'valibot';
import { fail, ok, type Result } from '../shared/result.ts';
import { fieldProblemOf } from '../shared/field-problems.ts';
import { localDate } from '../daily/calendar.ts';
import { CheckinSchedule } from './cadence.ts';
import { startSchedule } from './lifecycle.ts';
import type { CheckinDeps } from './ports.ts';
import type { CheckinActor } from './types.ts';
import { type PutScheduleError, type ScheduleInput, type ScheduleView, pointerOf, scheduleChanges } from './schedules.ts';

/**
 * Creates or replaces a patient's schedule. The change applies from the next instance: an open one keeps its
 * times and form version. Enabling a schedule with nothing open starts it (its first instance is created now),
 * whatever the patient's status: the professional asked for it explicitly.
 */
export async function putCheckinSchedule(
  deps: CheckinDeps,
  actor: CheckinActor,
  patientId: string,
  input: ScheduleInput,
  /** The revisions If-Match accepts (null: absent or `*`); a schedule that does not exist matches none. */
  expectedRevisions: readonly number[] | null = null,
): Promise<Result<ScheduleView & { created: boolean }, PutScheduleError>> {
  const timezone = await deps.store.patientTimezone(patientId);
  if (timezone === null) return fail('PATIENT.NOT_FOUND');
  const form = await deps.store.findForm(input.formId);
  if (!form) return fail('CHECKIN.FORM_NOT_FOUND');
  const candidate = {
    cadence: input.cadence,
    everyDays: input.everyDays ?? null,
    dueTime: input.dueTime,
    timezone,
    graceHours: input.graceHours,
    anchorDate: input.anchorDate ?? localDate(deps.now, timezone),
    formId: form.id,
    formVersion: form.currentVersion,
  };
  const checked = v.safeParse(CheckinSchedule, candidate);
  if (!checked.success) {
    return fail('REQUEST.VALIDATION', { fields: checked.issues.map((i) => ({ ...fieldProblemOf('body', i), pointer: pointerOf(i) })) });
  }

  const before = await deps.store.lockScheduleContext(patientId);
  if (expectedRevisions !== null && (before === null || !expectedRevisions.includes(before.version))) {
    return fail('RESOURCE.PRECONDITION_FAILED', before ? { params: { revision: before.version } } : {});
  }
  const schedule = await deps.store.upsertSchedule({
    patientId,
    professionalId: actor.professionalId,
    formId: form.id,
    cadence: candidate.cadence,
    everyDays: candidate.everyDays,
    dueTime: candidate.dueTime,
    graceHours: candidate.graceHours,
    anchorDate: candidate.anchorDate,
    enabled: input.enabled ?? true,
    updatedBy: actor.userId ?? actor.professionalId,
    now: deps.now,
  });
  await deps.audit.record({
    action: before ? 'checkin_schedule.updated' : 'checkin_schedule.created',
    entityType: 'checkin_schedule',
    entityId: patientId,
    changes: scheduleChanges(before, schedule),
  });
  const current = await startSchedule(deps, { ...schedule, timezone, formVersion: form.currentVersion, patientStatus: 'active' });
  return ok({ schedule, timezone, current, created: before === null });
}
