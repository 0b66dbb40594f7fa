import type { ImageProcessor } from './generate-thumbnail.ts';
import type { EntitlementReader } from '../billing/ports.ts';
import type { BlobStore } from './blob-port.ts';
import type { BiomarkerCatalogSource, LabSex } from './biomarkers.ts';
import type { RecordedByRole } from './measurements.ts';
import type { ProgressAudit, ProgressPatient } from './ports.ts';
import type { UploadRecord } from './upload-ports.ts';

/** The patient of a lab panel, with what picks its reference ranges. */
export interface LabPatient extends ProgressPatient { sex: LabSex; birthDate: string | null }

/** One value as stored: canonical, with what the lab reported. */
export interface LabValueRecord { biomarker: string; value: number; originalValue: number; originalUnit: string }

export interface LabPanelRecord {
  id: string;
  patientId: string;
  collectedOn: string;
  laboratory: string | null;
  /** The exam file kept read-only in the `documents` container, if one was attached. */
  examBlob: string | null;
  documentContentType: string | null;
  recordedBy: RecordedByRole;
  createdAt: Date;
  values: LabValueRecord[];
}

/** One point of a per-biomarker series. */
export interface LabPointRecord { panelId: string; collectedOn: string; value: number; originalValue: number; originalUnit: string }

/** Port: lab panels in the caller's tenant transaction (RLS-bound). */
export interface LabStore {
  patient(patientId: string): Promise<LabPatient | null>;
  upload(uploadId: string): Promise<UploadRecord | null>;
  markUpload(uploadId: string, status: 'confirmed' | 'rejected', at: Date): Promise<void>;
  insertPanel(p: Omit<LabPanelRecord, 'recordedBy'> & { professionalId: string; uploadId: string | null; recordedBy: { role: RecordedByRole; userId: string }; catalogVersion: number }): Promise<void>;
  /** `limit` panels newest first (collected on, then created), after the keyset, each with its values. */
  panels(q: { patientId: string; from: string | null; to: string | null; after: { collectedOn: string; id: string } | null; limit: number }): Promise<LabPanelRecord[]>;
  /** One marker's values of the patient, oldest first, within the optional dates. */
  series(q: { patientId: string; biomarker: string; from: string | null; to: string | null; limit: number }): Promise<LabPointRecord[]>;
}

export interface LabDeps {
  store: LabStore;
  catalog: BiomarkerCatalogSource;
  /** Null when no blob storage is configured: an exam upload is then refused, panels without one work. */
  blobs: BlobStore | null;
  /** The practice's plan: an exam file counts against its storage cap. */
  entitlements: EntitlementReader;
  /** Strips an exam photo's metadata (EXIF, GPS) before it is kept. */
  images: Pick<ImageProcessor, 'stripMetadata'>;
  audit: ProgressAudit;
  newId(): string;
  now: Date;
}
