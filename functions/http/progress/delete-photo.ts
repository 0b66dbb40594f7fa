import * as v from 'valibot';
import { deletePhoto } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withUploads } from '@korevitta/platform';
import { Id } from '../shared-schemas.ts';
import { photoResponses } from './photo-schemas.ts';

export default registerHttp({
  name: 'photos-delete',
  operationId: 'deletePhoto',
  method: 'DELETE',
  route: 'v1/patients/{patientId}/photos/{photoId}',
  summary: 'Delete a progress photo and all its stored images',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: v.strictObject({ patientId: Id, photoId: Id }),
  responses: { 204: { description: 'Deleted' }, ...photoResponses },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withUploads(rt, { auth, requestId, now: rt.clock.now() }, (deps) => deletePhoto(deps, progressCallerOf(auth), params));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 204 };
  },
});
