import { softDeletePatient } from '@korevitta/domain';
import { fromDomainError, registerHttp, withPatientDeps } from '@korevitta/platform';
import { notFound, PatientParams } from './schemas.ts';

export default registerHttp({
  name: 'patients-delete',
  operationId: 'deletePatient',
  method: 'DELETE',
  route: 'v1/patients/{patientId}',
  summary: 'Soft-delete a patient: gone from every read, open invites voided, history kept',
  tag: 'Patients',
  auth: ['professional'],
  ifMatch: 'optional',
  params: PatientParams,
  responses: { 204: { description: 'Deleted' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withPatientDeps({ rt, auth, requestId }, (deps) => softDeletePatient(deps, { patientId: params.patientId, expectedVersions: ifMatch }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 204 };
  },
});
