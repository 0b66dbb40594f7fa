import type { Outbox } from '../shared/message.ts';
import type { BlobRef, BlobStore } from '../progress/blob-port.ts';
import type { PatientAccessRecorder } from './access-log.ts';

/**
 * LGPD data exports (Art. 18 II and V; ADR 0021): the request, its state, and the ports of the asynchronous build.
 * An export is a ZIP in the private `exports` container; the requester gets a read-only URL for minutes at a time.
 */
export const DATA_EXPORT_REQUESTED = 'compliance.data_export_requested';
export interface DataExportRequestedPayload { exportId: string }

/** Exports (row and blob) are deleted this long after the request. */
export const DATA_EXPORT_TTL_MS = 7 * 86_400_000;
/** A requester may ask for this many exports in any 24 hours. */
export const DATA_EXPORTS_PER_DAY = 3;
/** How long a download URL reads the ZIP. */
export const DATA_EXPORT_DOWNLOAD_TTL_MS = 5 * 60_000;
/** Deliveries of the build message before an export is given up as failed. */
export const DATA_EXPORT_MAX_ATTEMPTS = 5;

export type DataExportScope = 'patient' | 'account';
/** What the row stores; `expired` is reported once `expiresAt` has passed, until retention deletes the row. */
export type DataExportState = 'queued' | 'building' | 'ready' | 'failed';
export type DataExportStatus = DataExportState | 'expired';

export interface DataExportRecord {
  id: string;
  professionalId: string;
  /** The subject of a patient export; null for a whole-account export. */
  patientId: string | null;
  scope: DataExportScope;
  requestedBy: string;
  requesterRole: 'professional' | 'patient';
  status: DataExportState;
  blobName: string | null;
  bytes: number | null;
  createdAt: Date;
  completedAt: Date | null;
  expiresAt: Date;
}

/**
 * The ZIP of an export: one name per export, so a rebuild overwrites it and never leaves a second archive. A patient
 * export lives in the patient's folder (`{professionalId}/{patientId}/`), which the anonymisation's blob purge empties.
 */
export const dataExportBlob = (e: Pick<DataExportRecord, 'id' | 'professionalId' | 'patientId'>): BlobRef =>
  ({ container: 'exports', name: `${e.professionalId}/${e.patientId ?? 'account'}/${e.id}.zip` });

/** Port: export requests in the caller's tenant transaction (RLS: a professional sees its account's, a patient those of itself). */
export interface DataExportStore {
  /** Whether the caller can see this live patient. */
  patientVisible(patientId: string): Promise<boolean>;
  /** Exports this user requested since `since` (the daily quota), and the oldest of them. */
  requestedSince(userId: string, since: Date): Promise<{ count: number; oldest: Date | null }>;
  insert(e: DataExportRecord): Promise<void>;
  find(exportId: string): Promise<DataExportRecord | null>;
}

/** Who asks (the patient id is set for a patient). */
export interface DataExportCaller { userId: string; role: 'professional' | 'patient'; professionalId: string; patientId: string | null }

/** Port: one audit row in the same transaction (actor and request bound by the adapter); never a health value. */
export interface ComplianceAudit {
  record(entry: { action: string; entityType: string; entityId: string; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface DataExportDeps {
  store: DataExportStore;
  blobs: BlobStore;
  audit: ComplianceAudit;
  outbox: Outbox;
  access: PatientAccessRecorder;
  newId(): string;
  now: Date;
  correlationId: string | null;
}

/** What the build works on: the export's tenant and subject, named explicitly in every query of the snapshot. */
export interface DataExportJob { id: string; professionalId: string; patientId: string | null; scope: DataExportScope; createdAt: Date }

export type DataExportClaim =
  | { kind: 'build'; job: DataExportJob; attempt: number }
  | { kind: 'skip'; reason: 'missing' | 'done' | 'expired' };

/** Port: the export rows as the build job sees them (system role, short transactions of their own). */
export interface DataExportJobStore {
  /**
   * Marks a queued (or interrupted, still building) export as building and counts the attempt; an export that is
   * ready, failed, expired or gone is skipped, so a redelivered message builds nothing twice.
   */
  claim(exportId: string, now: Date): Promise<DataExportClaim>;
  complete(exportId: string, result: { blobName: string; bytes: number; fileCount: number; at: Date }): Promise<void>;
  fail(exportId: string, at: Date): Promise<void>;
}

/** One table's rows of the subject, under the export file name SUBJECT_DATA gives it. */
export interface SubjectTableFile { table: string; exportAs: string }

/** A stored file of the subject to copy into the archive (a photo, an exam). */
export interface SubjectBlobFile { path: string; ref: BlobRef }

/**
 * Port: the subject's data, read in one snapshot (the build's transaction) that names the export's tenant and
 * subject explicitly. Rows are the tables' own columns (snake_case), secrets left out, streamed in batches.
 */
export interface SubjectDataReader {
  /** The tables the export covers that exist in this database (SUBJECT_DATA entries with an export file). */
  tables(): Promise<SubjectTableFile[]>;
  /** Every row of the subject in `table`, oldest first where the table has a creation time. */
  rows(table: string): AsyncIterable<Record<string, unknown>>;
  /** The files of the subject kept in blob storage. */
  blobFiles(): AsyncIterable<SubjectBlobFile>;
  /** The biomarker catalog's codes (LOINC, canonical UCUM unit, name), for the lab values' Observations. */
  biomarkers(): Promise<readonly BiomarkerCoding[]>;
  /**
   * The practice as its patients meet it (issue 11): the branding's display name, or the professional's display
   * name or name while no branding is saved; null when the practice row is gone.
   */
  practiceName(): Promise<string | null>;
}

export interface BiomarkerCoding { code: string; loinc: string; unit: string; name: string }

/** One file of the archive: its bytes at once (small files, photos) or as a stream of chunks (table rows). */
export interface ArchiveEntry { path: string; data: Uint8Array | AsyncIterable<Uint8Array>; compressed: boolean }

/** Port: writes an archive of these entries to one blob, streaming; returns its size. */
export interface ArchiveWriter {
  write(ref: BlobRef, entries: AsyncIterable<ArchiveEntry>): Promise<{ bytes: number }>;
}

export interface BuildDataExportDeps {
  jobs: DataExportJobStore;
  /** Opens the snapshot of the job's subject data for the duration of `fn`. */
  snapshot<T>(job: DataExportJob, fn: (reader: SubjectDataReader) => Promise<T>): Promise<T>;
  blobs: BlobStore;
  archive: ArchiveWriter;
  newId(): string;
  now: Date;
}
