import { confirmPhoto } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withUploads } from '@korevitta/platform';
import { PatientParams } from './measurement-schemas.ts';
import { ConfirmPhotoBody, Photo, photoResponses, toPhoto } from './photo-schemas.ts';

export default registerHttp({
  name: 'photos-confirm',
  operationId: 'confirmPhoto',
  method: 'POST',
  route: 'v1/patients/{patientId}/photos',
  summary: "Confirm an uploaded progress photo: checked by its bytes, then stripped of metadata (GPS included) and resized by a job",
  description: 'The file must have arrived (409 before), fit 15 MB (413) and be the declared image type by its magic number (422); a refused file is deleted. '
    + 'The photo starts `processing`; the list shows it `ready` with thumbnail and display URLs once the job is done.',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: PatientParams,
  body: ConfirmPhotoBody,
  requestExample: { uploadId: '0193a0b2-7c1e-7e2a-9d5b-6f4e3c2b1a09', pose: 'front', takenAt: '2026-12-01T10:00:00.000Z' },
  responses: {
    201: { description: 'Confirmed; processing', schema: Photo, headers: ['location'] },
    ...photoResponses,
    409: { description: "The file has not arrived yet, the upload was already confirmed, or the file does not fit the plan's storage (SUBSCRIPTION.LIMIT_REACHED; the upload stays pending)" },
    413: { description: 'The stored file is larger than the limit (deleted)' },
    422: { description: 'The file is not of the declared type (deleted)' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withUploads(rt, { auth, requestId, now: rt.clock.now() }, (deps) =>
      confirmPhoto(deps, progressCallerOf(auth), { patientId: params.patientId, ...body }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toPhoto(result.value), headers: { location: `/v1/patients/${params.patientId}/photos?from=${encodeURIComponent(result.value.takenAt.toISOString())}&limit=1` } };
  },
});
