import { createMeasurementStore, createPhotoJobStore, deleteUploads, staleUploads, createRiskRecalculationRequests, createUploadStore, OutboxWriter, withSystemBypass, type Tx } from '@korevitta/db';
import { generateThumbnail, type BlobStore, type MeasurementDeps, type ProgressCaller, type ThumbnailOutcome, type UploadDeps, UNCONFIRMED_UPLOAD_TTL_MS, uploadBlob } from '@korevitta/domain';
import { sharpImages } from '../storage/sharp-images.ts';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { ids } from '../ids.ts';
import { practiceEntitlementReader } from './entitlements.ts';
import { progressAudit, type ProgressRequestMeta } from './progress-audit.ts';
import { inTenant, type AccessRecord } from './request-scopes.ts';

/**
 * The wiring of the progress context (measurements, uploads, photos, lab panels): handlers call these and never
 * touch the database package. Each runs the use case in ONE tenant transaction (RLS as the caller).
 */
type RequestMeta = ProgressRequestMeta;

export const progressCallerOf = (a: AuthContext): ProgressCaller => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });

function measurementDeps(tx: Tx, meta: RequestMeta): MeasurementDeps {
  return {
    store: createMeasurementStore(tx),
    audit: progressAudit(tx, meta),
    risk: createRiskRecalculationRequests(tx, { professionalId: meta.auth.professionalId, now: meta.now, correlationId: meta.requestId }),
    newId: ids.newId,
    now: meta.now,
  };
}

/** Runs a measurement use case for the request's caller; a read of the measurements passes its AccessRecord. */
export function withMeasurements<T>(rt: Runtime, meta: RequestMeta, fn: (deps: MeasurementDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> {
  return inTenant({ rt, ...meta }, (tx) => fn(measurementDeps(tx, meta)), record);
}

/** The blob store, or a clear error when none is configured (every upload route needs one). */
export function blobsOf(rt: Runtime): BlobStore {
  if (!rt.blobs) throw new Error('blob storage is not configured (BLOB_SERVICE_URL)');
  return rt.blobs;
}

/** Runs an upload or photo use case for the request's caller; a read of the photos passes its AccessRecord. */
export function withUploads<T>(rt: Runtime, meta: RequestMeta, fn: (deps: UploadDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> {
  const blobs = blobsOf(rt);
  return inTenant({ rt, ...meta }, (tx) => fn({
    store: createUploadStore(tx), entitlements: practiceEntitlementReader(tx), blobs, audit: progressAudit(tx, meta), outbox: new OutboxWriter(tx), newId: ids.newId, now: meta.now, correlationId: meta.requestId,
  }), record);
}

export const GENERATE_THUMBNAIL_CONSUMER = 'generate-thumbnail';

/** The `generate_thumbnail` job for one photo, in a system transaction (it locks the photo row while it works). */
export function runGenerateThumbnail(rt: Runtime, photoId: string, now: Date): Promise<ThumbnailOutcome> {
  const blobs = blobsOf(rt);
  return withSystemBypass(rt.db, 'consumer: generate thumbnail', (tx) => generateThumbnail({ store: createPhotoJobStore(tx), blobs, images: sharpImages, now }, photoId));
}

/**
 * Retention: uploads not confirmed within 24 h go with their blobs (blob first, then the row, so a failure leaves
 * the row for the next run). Bounded batches; idempotent. `professionalIds` restricts it (tests on a shared database).
 */
export async function purgeUnconfirmedUploads(rt: Runtime, input: { now: Date; batchSize?: number; professionalIds?: readonly string[] }): Promise<number> {
  if (!rt.blobs) return 0;
  const blobs = rt.blobs;
  const cutoff = new Date(input.now.getTime() - UNCONFIRMED_UPLOAD_TTL_MS);
  const limit = input.batchSize ?? 500;
  let total = 0;
  for (let i = 0; i < 100; i += 1) {
    const stale = await staleUploads(rt.db, { cutoff, limit, ...(input.professionalIds ? { professionalIds: input.professionalIds } : {}) });
    await Promise.all(stale.map((u) => blobs.delete(uploadBlob(u))));
    await deleteUploads(rt.db, stale.map((u) => u.id));
    total += stale.length;
    if (stale.length < limit) break;
  }
  return total;
}
