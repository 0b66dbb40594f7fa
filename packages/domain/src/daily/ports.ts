import type { TaskKind } from '../protocols/planned-tasks.ts';
import type { ProtocolContent } from '../protocols/content.ts';
import type { TaskForCompletion } from './completion.ts';
import type { DayFacts } from './adherence.ts';
import type { RiskRecalculationRequests } from '../risk/ports.ts';

export interface DailyTaskView {
  id: string;
  taskKey: string;
  kind: TaskKind;
  title: string;
  /** HH:MM in the patient's time zone, or null. */
  scheduledTime: string | null;
  targetMl: number | null;
  protocolId: string;
  protocolVersion: number;
  completedAt: Date | null;
}

/** Port: daily execution reads and writes inside the caller's tenant transaction (RLS-bound). */
export interface DailyStore {
  /** The patient's IANA time zone, or null when the caller cannot see that patient. */
  patientTimezone(patientId: string): Promise<string | null>;
  /** The day's tasks (ordered by time, then key) and the day's total water intake. */
  day(patientId: string, date: string): Promise<{ tasks: DailyTaskView[]; consumedMl: number }>;
  /** The patient's active protocol and its current content, or null (what a day not generated yet would hold). */
  activeProtocol(patientId: string): Promise<{ protocolId: string; contentVersion: number; content: ProtocolContent } | null>;
  taskForCompletion(taskId: string): Promise<TaskForCompletion | null>;
  /** Idempotent; returns the stored completion time (an earlier one, inserted false, if a concurrent request won). */
  insertCompletion(c: { taskId: string; patientId: string; professionalId: string; completedAt: Date }): Promise<{ completedAt: Date; inserted: boolean }>;
  /** True when a completion was removed. */
  deleteCompletion(taskId: string): Promise<boolean>;
  insertWaterLog(log: { id: string; patientId: string; professionalId: string; loggedAt: Date; logDate: string; amountMl: number }): Promise<void>;
  /** Per-day facts for the adherence series, for days from..to that have tasks or water logs. */
  dayFacts(patientId: string, from: string, to: string): Promise<DayFacts[]>;
}

/** Port: appends an audit row in the same transaction (actor and request id are bound by the adapter). */
export interface DailyAudit {
  record(entry: { action: string; entityType: string; entityId: string; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface DailyCaller { userId: string; role: 'professional' | 'patient'; professionalId: string; patientId: string | null }

/** `risk`: completing or undoing a task and logging water ask for the patient's risk to be recalculated (same transaction). */
export interface DailyDeps { store: DailyStore; audit: DailyAudit; risk: RiskRecalculationRequests; ids: { newId(): string }; now: Date }
