import * as v from 'valibot';
import { fail, ok, type Result } from '../shared/result.ts';
import { fieldMessage, fieldProblemOf } from '../shared/field-problems.ts';
import { localDate } from '../daily/calendar.ts';
import { CheckinSchedule, type Cadence } from './cadence.ts';
import { startSchedule } from './lifecycle.ts';
import type { CheckinDeps, CheckinStore } from './ports.ts';
import type { CheckinState } from './state-machine.ts';
import type { CheckinActor, ScheduleRecord } from './types.ts';

export interface ScheduleInput {
  formId: string;
  cadence: Cadence;
  everyDays?: number | null | undefined;
  dueTime: string;
  graceHours: number;
  /** The local date the first check-in falls due; default: the patient's today (or the next occurrence after now). */
  anchorDate?: string | undefined;
  enabled?: boolean | undefined;
}

export interface ScheduleView { schedule: ScheduleRecord; timezone: string; current: CheckinState | null }

export type PutScheduleError = 'PATIENT.NOT_FOUND' | 'CHECKIN.FORM_NOT_FOUND' | 'REQUEST.VALIDATION' | 'RESOURCE.PRECONDITION_FAILED';

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

export async function getCheckinSchedule(deps: { store: CheckinStore }, patientId: string): Promise<Result<ScheduleView, 'PATIENT.NOT_FOUND' | 'CHECKIN.SCHEDULE_NOT_FOUND'>> {
  const timezone = await deps.store.patientTimezone(patientId);
  if (timezone === null) return fail('PATIENT.NOT_FOUND');
  const schedule = await deps.store.findSchedule(patientId);
  if (!schedule) return fail('CHECKIN.SCHEDULE_NOT_FOUND');
  return ok({ schedule, timezone, current: await deps.store.openInstance(patientId) });
}

const FIELDS = ['formId', 'cadence', 'everyDays', 'dueTime', 'graceHours', 'anchorDate', 'enabled'] as const;

function scheduleChanges(before: ScheduleRecord | null, after: ScheduleRecord): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const f of FIELDS) {
    if (before === null || before[f] !== after[f]) out[f] = before === null ? { after: after[f] } : { before: before[f], after: after[f] };
  }
  return out;
}

function pointerOf(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.map((p) => String(p.key)).join('/');
  // Whole-object checks (everyDays vs cadence, grace vs period) name the field they are about.
  if (!key) return issue.message === fieldMessage('grace_too_long') ? '/body/graceHours' : '/body/everyDays';
  return `/body/${key}`;
}
