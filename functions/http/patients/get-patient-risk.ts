import { getPatientRisk } from '@korevitta/domain';
import { fromDomainError, registerHttp, withPatientRisk } from '@korevitta/platform';
import { notFound, PatientParams } from './schemas.ts';
import { PatientRiskBody, toPatientRiskBody } from './risk-schemas.ts';

export default registerHttp({
  name: 'patients-risk-get',
  operationId: 'getPatientRisk',
  method: 'GET',
  route: 'v1/patients/{patientId}/risk',
  summary: "A patient's risk: score 0–100, band, status and the explained factors (computed live if never assessed)",
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: PatientParams,
  responses: { 200: { description: 'The last assessment', schema: PatientRiskBody }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withPatientRisk({ rt, auth, requestId }, (deps) => getPatientRisk(deps, auth, params), { kind: 'risk', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPatientRiskBody(result.value) };
  },
});
