import { getPatient } from '@korevitta/domain';
import { fromDomainError, registerHttp, revisionEtag, withPatientDeps } from '@korevitta/platform';
import { notFound, PatientBody, PatientParams, toPatientBody } from './schemas.ts';

export default registerHttp({
  name: 'patients-get',
  operationId: 'getPatient',
  method: 'GET',
  route: 'v1/patients/{patientId}',
  summary: 'Read one patient (its ETag is its revision: send it back as If-Match on PATCH)',
  tag: 'Patients',
  auth: ['professional'],
  params: PatientParams,
  responses: { 200: { description: 'The patient', schema: PatientBody, headers: ['etag'] }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withPatientDeps({ rt, auth, requestId }, (deps) => getPatient(deps, params), { kind: 'patient_record', patientIdOf: (p) => p.id });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPatientBody(result.value), headers: { etag: revisionEtag(result.value.version) } };
  },
});
