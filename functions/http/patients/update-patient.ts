import { updatePatient } from '@korevitta/domain';
import { fromDomainError, registerHttp, revisionEtag, withPatientDeps } from '@korevitta/platform';
import { notFound, PatientBody, PatientParams, toPatientBody, UpdatePatientBody } from './schemas.ts';

export default registerHttp({
  name: 'patients-update',
  operationId: 'updatePatient',
  method: 'PATCH',
  route: 'v1/patients/{patientId}',
  summary: 'Partial update; If-Match with the ETag from GET guards against overwriting a newer edit',
  ifMatch: 'required',
  tag: 'Patients',
  auth: ['professional'],
  params: PatientParams,
  body: UpdatePatientBody,
  responses: {
    200: { description: 'The updated patient (new ETag)', schema: PatientBody, headers: ['etag'] },
    400: { description: 'Invalid or unknown fields (problem+json with errors[])' },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Status change not allowed (at_risk is set by the risk engine)' },
  },
  handler: async ({ params, body, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withPatientDeps({ rt, auth, requestId }, (deps) =>
      updatePatient(deps, { patientId: params.patientId, patch: body, expectedVersions: ifMatch }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPatientBody(result.value), headers: { etag: revisionEtag(result.value.version) } };
  },
});
