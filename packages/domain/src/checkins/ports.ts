import type { Outbox } from '../shared/message.ts';
import type { RiskRecalculationRequests } from '../risk/ports.ts';
import type { FormSchema } from './form-schema.ts';
import type { CheckinState } from './state-machine.ts';
import type { CheckinDetail, CheckinForm, CheckinFormVersion, CheckinListQuery, CheckinView, ScheduleContext, ScheduleRecord } from './types.ts';

/**
 * Check-in persistence inside the caller's transaction (tenant for requests, system for the timing consumer
 * and the sweep). RLS decides what a tenant transaction sees: another tenant's rows do not exist here.
 */
export interface CheckinStore {
  /** The patient's time zone; null when the patient is not visible or deleted. */
  patientTimezone(patientId: string): Promise<string | null>;

  insertForm(form: CheckinForm & { createdBy: string }, schema: FormSchema): Promise<void>;
  findForm(formId: string): Promise<CheckinForm | null>;
  /** `limit + 1` forms, newest first. */
  listForms(q: { after: { key: string; id: string } | null; limit: number }): Promise<CheckinForm[]>;
  formVersion(formId: string, version: number): Promise<CheckinFormVersion | null>;
  formVersions(formId: string): Promise<{ version: number; createdAt: Date }[]>;
  /** Appends version `current + 1` and makes it current; returns the new number. */
  publishFormVersion(formId: string, professionalId: string, schema: FormSchema, createdBy: string, now: Date): Promise<number>;

  findSchedule(patientId: string): Promise<ScheduleRecord | null>;
  upsertSchedule(s: Omit<ScheduleRecord, 'version' | 'updatedAt'> & { updatedBy: string; now: Date }): Promise<ScheduleRecord>;
  /**
   * Serializes instance creation and schedule changes of one patient until the transaction ends, then returns
   * the schedule with the patient's time zone and the form's current version (null: no schedule).
   */
  lockScheduleContext(patientId: string): Promise<ScheduleContext | null>;

  /** The patient's instance that is not closed yet (scheduled, pending or late). */
  openInstance(patientId: string): Promise<CheckinState | null>;
  /** Locks one instance until the transaction ends. */
  lockInstance(checkinId: string): Promise<(CheckinState & { professionalId: string }) | null>;
  /** False when an instance with the same (patient, due instant) exists: creation already happened. */
  insertInstance(state: CheckinState, professionalId: string, now: Date): Promise<boolean>;
  /** Writes `state` if the row is still in `expectedStatus` (a concurrent step wins, this one is dropped). */
  saveInstance(state: CheckinState, expectedStatus: CheckinState['status'], now: Date): Promise<boolean>;

  findCheckin(checkinId: string): Promise<CheckinDetail | null>;
  /** `limit + 1` check-ins: for a professional the inbox order (inbox_at, id ascending), for a patient newest due first. */
  listCheckins(q: CheckinListQuery & { order: 'inbox' | 'newest' }): Promise<(CheckinView & { cursorKey: string })[]>;
}

export interface CheckinAudit {
  record(entry: { action: string; entityType: string; entityId: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface CheckinDeps {
  store: CheckinStore;
  audit: CheckinAudit;
  outbox: Outbox;
  risk: RiskRecalculationRequests;
  correlationId: string | null;
  now: Date;
  newId: () => string;
}
