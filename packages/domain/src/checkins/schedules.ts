import * as v from 'valibot';
import { fieldMessage } from '../shared/field-problems.ts';
import { type Cadence } from './cadence.ts';
import type { CheckinState } from './state-machine.ts';
import type { ScheduleRecord } from './types.ts';

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

const FIELDS = ['formId', 'cadence', 'everyDays', 'dueTime', 'graceHours', 'anchorDate', 'enabled'] as const;

export function scheduleChanges(before: ScheduleRecord | null, after: ScheduleRecord): Record<string, { before?: unknown; after?: unknown }> {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const f of FIELDS) {
    if (before === null || before[f] !== after[f]) out[f] = before === null ? { after: after[f] } : { before: before[f], after: after[f] };
  }
  return out;
}

export function pointerOf(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.map((p) => String(p.key)).join('/');
  // Whole-object checks (everyDays vs cadence, grace vs period) name the field they are about.
  if (!key) return issue.message === fieldMessage('grace_too_long') ? '/body/graceHours' : '/body/everyDays';
  return `/body/${key}`;
}
