import type { RiskRecalculationRequests } from '../risk/ports.ts';
import type { MeasurementRecord, MeasurementValues, RecordedByRole } from './measurements.ts';

/** Who calls a progress use case (the patient id is set for a patient). */
export interface ProgressCaller { userId: string; role: RecordedByRole; professionalId: string; patientId: string | null }

/** The patient a progress record belongs to, as far as the caller may see it (RLS-bound). */
export interface ProgressPatient { id: string; professionalId: string; timezone: string }

/** Port: body measurements, inside the caller's tenant transaction (RLS-bound). */
export interface MeasurementStore {
  /** The live patient, or null when the caller cannot see it. */
  patient(patientId: string): Promise<ProgressPatient | null>;
  insert(m: { id: string; professionalId: string; patientId: string; measuredOn: string; values: MeasurementValues; recordedBy: { role: RecordedByRole; userId: string }; createdAt: Date }): Promise<void>;
  /** Every measurement of the patient (a few per month), for the derived values. */
  all(patientId: string): Promise<MeasurementRecord[]>;
}

/** Port: one audit row in the same transaction (actor and request id bound by the adapter); never a health value. */
export interface ProgressAudit {
  record(entry: { action: string; entityType: string; entityId: string; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface MeasurementDeps { store: MeasurementStore; audit: ProgressAudit; risk: RiskRecalculationRequests; newId(): string; now: Date }
