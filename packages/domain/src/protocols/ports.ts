import type { Protocol, ProtocolStatus, ProtocolTemplate, ProtocolVersion } from './types.ts';

export interface ProtocolListCursor { createdAt: string; id: string }

/** Protocol persistence inside the caller's tenant transaction (RLS-bound: other tenants' rows do not exist). */
export interface ProtocolStore {
  /** Whether the patient exists (and is not deleted) for this caller. */
  patientExists(patientId: string): Promise<boolean>;
  find(protocolId: string): Promise<Protocol | null>;
  /** Reads and locks the row until the transaction ends (edits, activation, archive). */
  findForUpdate(protocolId: string): Promise<Protocol | null>;
  /** The patient's active protocol other than `exceptId` (a plain read: what the caller expects to replace). */
  findActive(patientId: string, exceptId: string): Promise<Protocol | null>;
  /** Serializes activations of one patient until the transaction ends. */
  lockActivation(patientId: string): Promise<void>;
  /** The same read once the activation lock is held, locking the row. */
  findActiveForUpdate(patientId: string, exceptId: string): Promise<Protocol | null>;
  listForPatient(patientId: string, page: { limit: number; after: ProtocolListCursor | null; status: ProtocolStatus | null }): Promise<Protocol[]>;
  insert(protocol: Protocol): Promise<void>;
  /** Writes the mutable fields of `next` where the row still has `expectedRowVersion`; false if it moved. */
  save(next: Protocol, expectedRowVersion: number): Promise<boolean>;
  appendVersion(version: ProtocolVersion): Promise<void>;
  /** Archives `previous` (if any), activates `next` and appends its version (under the activation lock). */
  activate(input: { previous: Protocol | null; next: Protocol; version: ProtocolVersion }): Promise<void>;
  /** Newest first, versions strictly below `beforeVersion` when given. */
  listVersions(protocolId: string, page: { limit: number; beforeVersion: number | null }): Promise<ProtocolVersion[]>;
  findVersion(protocolId: string, version: number): Promise<ProtocolVersion | null>;
}

export interface TemplateListCursor { createdAt: string; id: string }

export interface ProtocolTemplateStore {
  find(templateId: string): Promise<ProtocolTemplate | null>;
  list(page: { limit: number; after: TemplateListCursor | null }): Promise<ProtocolTemplate[]>;
  insert(template: ProtocolTemplate): Promise<void>;
}

/**
 * Port to daily execution: (re)materializes the patient's daily tasks from its active protocol version, in
 * the same transaction (activation, a new version, archive of the active protocol).
 */
export interface TaskRegenerator {
  regenerate(patientId: string): Promise<void>;
}

/** Port: one audit row per mutation, in the same transaction. Health values are masked by the adapter. */
export interface AuditTrail {
  record(entry: { action: string; entityType: string; entityId: string; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface ProtocolDeps {
  protocols: ProtocolStore;
  templates: ProtocolTemplateStore;
  tasks: TaskRegenerator;
  audit: AuditTrail;
  ids: { newId(): string };
}
