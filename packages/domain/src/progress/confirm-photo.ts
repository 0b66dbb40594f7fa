import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { PhotoPose, UploadDeps } from './upload-ports.ts';
import { claimUpload, type ReceivedError } from './uploads.ts';
import type { GrowthError } from '../billing/check-growth.ts';
import { GENERATE_THUMBNAIL, type GenerateThumbnailPayload, MAX_FUTURE_MS, type PhotoView } from './photos.ts';

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
