import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { PhotoPose, PhotoRecord, UploadDeps } from './upload-ports.ts';
import { READ_URL_TTL_MS } from './upload-rules.ts';
import { claimUpload, uploadBlob, type ReceivedError } from './uploads.ts';
import type { GrowthError } from '../billing/check-growth.ts';

export const GENERATE_THUMBNAIL = 'progress.generate_thumbnail';
export interface GenerateThumbnailPayload { photoId: string }

/** A photo as the API shows it: read URLs for its sizes once the job made them. */
export interface PhotoView extends PhotoRecord { thumbnailUrl: string | null; displayUrl: string | null; urlsExpireAt: Date | null }

const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Confirms an uploaded progress photo: the upload must be this patient's, for a photo, not used yet, and its file
 * must have arrived whole and be the declared image type (see receivedUpload). Then the photo exists as
 * `processing`, and `generate_thumbnail` is queued (bulk) in the same transaction.
 */
export async function confirmPhoto(deps: UploadDeps, caller: ProgressCaller, input: { patientId: string; uploadId: string; pose: PhotoPose; takenAt: Date }):
  Promise<Result<PhotoView, 'PATIENT.NOT_FOUND' | 'UPLOAD.NOT_FOUND' | 'UPLOAD.ALREADY_CONFIRMED' | ReceivedError | 'REQUEST.VALIDATION' | GrowthError>> {
  const patient = await accessiblePatient(deps.store, caller, input.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (input.takenAt.getTime() > deps.now.getTime() + MAX_FUTURE_MS) return invalid({ pointer: '/body/takenAt', code: 'in_future' });
  const claimed = await claimUpload(deps, { uploadId: input.uploadId, patientId: patient.id, professionalId: patient.professionalId, purpose: 'progress_photo' });
  if (!claimed.ok) return claimed;
  const upload = claimed.value;
  const id = deps.newId();
  await deps.store.insertPhoto({ id, professionalId: patient.professionalId, patientId: patient.id, uploadId: upload.id, pose: input.pose, takenAt: input.takenAt, originalBlob: upload.blobName, createdAt: deps.now });
  await deps.audit.record({ action: 'photo.uploaded', entityType: 'progress_photo', entityId: id, changes: { pose: { after: input.pose } } });
  await deps.outbox.append({ queue: 'bulk', type: GENERATE_THUMBNAIL, version: 1, payload: { photoId: id } satisfies GenerateThumbnailPayload, messageId: id },
    { professionalId: patient.professionalId, occurredAt: deps.now, correlationId: deps.correlationId });
  return ok({
    id, patientId: patient.id, pose: input.pose, takenAt: input.takenAt, status: 'processing', failureReason: null, displayBlob: null, thumbnailBlob: null,
    width: null, height: null, createdAt: deps.now, thumbnailUrl: null, displayUrl: null, urlsExpireAt: null,
  });
}

/** Read URLs (short-lived, one blob each) for a ready photo; none otherwise. */
export async function photoView(deps: Pick<UploadDeps, 'blobs' | 'now'>, p: PhotoRecord): Promise<PhotoView> {
  if (p.status !== 'ready' || !p.displayBlob || !p.thumbnailBlob) return { ...p, thumbnailUrl: null, displayUrl: null, urlsExpireAt: null };
  const expiresAt = new Date(deps.now.getTime() + READ_URL_TTL_MS);
  const [thumb, display] = await Promise.all([
    deps.blobs.readUrl({ container: 'photos', name: p.thumbnailBlob }, { expiresAt }),
    deps.blobs.readUrl({ container: 'photos', name: p.displayBlob }, { expiresAt }),
  ]);
  return { ...p, thumbnailUrl: thumb.url, displayUrl: display.url, urlsExpireAt: expiresAt };
}

export interface PhotoQuery { patientId: string; pose: PhotoPose | null; from: Date | null; to: Date | null; after: { takenAt: Date; id: string } | null; limit: number }

/** Newest first; `?pose=front&limit=2` is the side-by-side comparison (the two latest of one pose). */
export async function listPhotos(deps: UploadDeps, caller: ProgressCaller, q: PhotoQuery): Promise<Result<PhotoView[], 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (q.from && q.to && q.from > q.to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  const rows = await deps.store.photos({ ...q, patientId: patient.id, limit: q.limit + 1 });
  return ok(await Promise.all(rows.map((r) => photoView(deps, r))));
}

/** Removes the photo row and every blob it has (original if still there, display, thumbnail). */
export async function deletePhoto(deps: UploadDeps, caller: ProgressCaller, q: { patientId: string; photoId: string }): Promise<Result<null, 'PATIENT.NOT_FOUND' | 'PHOTO.NOT_FOUND'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  const photo = await deps.store.photo(patient.id, q.photoId);
  if (!photo) return fail('PHOTO.NOT_FOUND');
  await deps.store.deletePhoto(photo.id);
  await deps.audit.record({ action: 'photo.deleted', entityType: 'progress_photo', entityId: photo.id });
  await Promise.all([
    photo.originalBlob ? deps.blobs.delete(uploadBlob({ blobName: photo.originalBlob })) : null,
    photo.displayBlob ? deps.blobs.delete({ container: 'photos', name: photo.displayBlob }) : null,
    photo.thumbnailBlob ? deps.blobs.delete({ container: 'photos', name: photo.thumbnailBlob }) : null,
  ]);
  return ok(null);
}
