import type { PatientStatus } from '../patients/types.ts';
import type { Cadence } from './cadence.ts';
import type { FormSchema } from './form-schema.ts';
import type { CheckinState, CheckinStatus } from './state-machine.ts';

/** A professional's check-in form template; `currentVersion` is the one new instances answer. */
export interface CheckinForm {
  id: string;
  professionalId: string;
  name: string;
  description: string | null;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CheckinFormVersion { formId: string; version: number; schema: FormSchema; createdAt: Date }

/** A patient's schedule as stored; the time zone is the patient's and the form version the form's current one. */
export interface ScheduleRecord {
  patientId: string;
  professionalId: string;
  formId: string;
  cadence: Cadence;
  everyDays: number | null;
  dueTime: string;
  graceHours: number;
  anchorDate: string;
  enabled: boolean;
  version: number;
  updatedAt: Date;
}

/** The schedule with what instance creation reads alongside it (the patient's zone and status, the form's current version). */
export interface ScheduleContext extends ScheduleRecord { timezone: string; formVersion: number; patientStatus: PatientStatus }

/** One check-in as the API shows it: its state plus the patient's name and the timing to review. */
export interface CheckinView {
  state: CheckinState;
  professionalId: string;
  patientName: string;
  formName: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CheckinDetail extends CheckinView { formSchema: FormSchema }

export interface CheckinListQuery {
  /** Visible statuses (`visibleState` as of `now`): a stored `scheduled` whose opensAt has passed counts as `pending`. */
  statuses: readonly CheckinStatus[];
  now: Date;
  patientId: string | null;
  after: { key: string; id: string } | null;
  limit: number;
}

/** Who acts: the patient answers, the professional reviews; the system advances time. */
export interface CheckinActor { userId: string | null; role: 'professional' | 'patient' | 'system'; professionalId: string; patientId: string | null }
