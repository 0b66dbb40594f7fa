import type { Outbox } from '../shared/message.ts';
import type { EntitlementReader } from '../billing/ports.ts';
import type { ListedPatient, Patient, PatientListQuery, PatientStatus, RiskBand } from './types.ts';

/**
 * Patient persistence inside the caller's (tenant) transaction. Rows of other tenants and soft-deleted
 * rows are invisible: every method behaves as if they did not exist.
 */
export interface PatientRepository {
  findById(id: string): Promise<Patient | null>;
  /** Same as findById, and locks the row until the transaction ends. */
  findForUpdate(id: string): Promise<Patient | null>;
  insert(patient: Patient): Promise<void>;
  /** Writes the new state; the adapter keeps search_text/sort_name in step (see searchTextOf). */
  update(patient: Patient): Promise<void>;
  /** `limit + 1` rows after the keyset, in the query's order. */
  list(query: PatientListQuery): Promise<ListedPatient[]>;
  /** Open invites stop working (resend, e-mail change, deletion). */
  supersedeOpenInvites(patientId: string, now: Date): Promise<void>;
}

/** The ledger of accepted invite requests that the daily quota counts. */
export interface InviteRequestLedger {
  /** Serialises quota checks of one professional until the transaction ends, then counts. */
  lockAndCount(input: { professionalId: string; patientId: string; since: Date }): Promise<{
    professional: { count: number; oldest: Date | null };
    patient: { count: number; oldest: Date | null };
  }>;
  record(input: { id: string; professionalId: string; patientId: string; requestedBy: string; now: Date }): Promise<void>;
}

/** The audit trail of the caller's transaction (actor and request id are bound by the adapter). */
export interface PatientAuditTrail {
  record(entry: { action: string; entityType: string; entityId: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface AuditLogEntry {
  id: string;
  actorUserId: string | null;
  actorRole: 'professional' | 'patient' | 'system';
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }>;
  requestId: string | null;
  /** Exact database text of occurred_at (microseconds), used as the keyset. */
  occurredAtKey: string;
  occurredAt: Date;
}

export interface AuditLogQuery {
  entityType: string | null;
  entityId: string | null;
  after: { occurredAt: string; id: string } | null;
  limit: number;
}

/** The caller's own trail, newest first (`limit + 1` rows). */
export interface AuditLogReader {
  list(query: AuditLogQuery): Promise<AuditLogEntry[]>;
}

/**
 * Port: assesses patients' risk now with the same rules and signals as every recalculation, and stores it
 * (a new patient is assessed at once, so the CRM list and the risk endpoint agree from the first read).
 */
export interface PatientRiskAssessor {
  assess(patientId: string): Promise<{ riskScore: number; riskBand: RiskBand; status: PatientStatus } | null>;
}

export interface PatientDeps {
  patients: PatientRepository;
  audit: PatientAuditTrail;
  risk: PatientRiskAssessor;
  /** Plan limits: creating or reactivating a patient is growth (issue 11). */
  entitlements: EntitlementReader;
  now: Date;
  newId: () => string;
}

export interface InviteDeps extends PatientDeps {
  ledger: InviteRequestLedger;
  outbox: Outbox;
  correlationId: string | null;
}
