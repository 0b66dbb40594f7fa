import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { UploadDeps } from './upload-ports.ts';
import { type PhotoQuery, type PhotoView, photoView } from './photos.ts';

/** Newest first; `?pose=front&limit=2` is the side-by-side comparison (the two latest of one pose). */
export async function listPhotos(deps: UploadDeps, caller: ProgressCaller, q: PhotoQuery): Promise<Result<PhotoView[], 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (q.from && q.to && q.from > q.to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  const rows = await deps.store.photos({ ...q, patientId: patient.id, limit: q.limit + 1 });
  return ok(await Promise.all(rows.map((r) => photoView(deps, r))));
}
