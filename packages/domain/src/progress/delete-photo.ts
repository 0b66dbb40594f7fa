import { fail, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { UploadDeps } from './upload-ports.ts';
import { uploadBlob } from './uploads.ts';

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
