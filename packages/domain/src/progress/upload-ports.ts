import type { Outbox } from '../shared/message.ts';
import type { EntitlementReader } from '../billing/ports.ts';
import type { BlobStore } from './blob-port.ts';
import type { ProgressAudit, ProgressPatient } from './ports.ts';
import type { UploadContentType, UploadPurpose } from './upload-rules.ts';

export type UploadStatus = 'pending' | 'confirmed' | 'rejected';

export interface UploadRecord {
  id: string;
  professionalId: string;
  patientId: string | null;
  purpose: UploadPurpose;
  contentType: UploadContentType;
  declaredBytes: number;
  blobName: string;
  status: UploadStatus;
  /** Bytes a confirmed upload holds against the plan's storage cap; null before confirmation and once released. */
  storedBytes: number | null;
}

export type PhotoPose = 'front' | 'side' | 'back' | 'other';
export type PhotoStatus = 'processing' | 'ready' | 'failed';

export interface PhotoRecord {
  id: string;
  patientId: string;
  pose: PhotoPose;
  takenAt: Date;
  status: PhotoStatus;
  failureReason: string | null;
  displayBlob: string | null;
  thumbnailBlob: string | null;
  width: number | null;
  height: number | null;
  createdAt: Date;
}

/** Port: uploads and photos in the caller's tenant transaction (RLS-bound). */
export interface UploadStore {
  patient(patientId: string): Promise<ProgressPatient | null>;
  /** Upload URLs this user requested since `since` (the daily quota), and the oldest of them. */
  requestedSince(userId: string, since: Date): Promise<{ count: number; oldest: Date | null }>;
  insertUpload(u: UploadRecord & { requestedBy: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  upload(uploadId: string): Promise<UploadRecord | null>;
  /** Settles an upload; a confirmed one records the bytes it holds (the file's size as checked). */
  markUpload(uploadId: string, status: 'confirmed' | 'rejected', at: Date, storedBytes?: number): Promise<void>;
  /** The upload's bytes stop counting against the storage cap (its file was replaced or deleted). */
  releaseUpload(uploadId: string, at: Date): Promise<void>;
  insertPhoto(p: { id: string; professionalId: string; patientId: string; uploadId: string; pose: PhotoPose; takenAt: Date; originalBlob: string; createdAt: Date }): Promise<void>;
  photos(q: { patientId: string; pose: PhotoPose | null; from: Date | null; to: Date | null; after: { takenAt: Date; id: string } | null; limit: number }): Promise<PhotoRecord[]>;
  photo(patientId: string, photoId: string): Promise<(PhotoRecord & { originalBlob: string | null }) | null>;
  /** Deletes the photo and releases its upload's bytes. */
  deletePhoto(photoId: string): Promise<void>;
}

export interface UploadDeps {
  store: UploadStore;
  /** The practice's plan and usage: an upload past the storage cap is refused (growth lock). */
  entitlements: EntitlementReader;
  blobs: BlobStore;
  audit: ProgressAudit;
  outbox: Outbox;
  newId(): string;
  now: Date;
  correlationId: string | null;
}
