import { getPatientRisk } from '@korevitta/domain';
import { createPatientRiskReader, withTenant } from '@korevitta/db';
import { fromDomainError, patientAccessRecorder, recordedRead, registerHttp, tenantOf } from '@korevitta/platform';
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
    const now = rt.clock.now();
    const result = await withTenant(rt.db, tenantOf(auth), async (tx) => recordedRead(patientAccessRecorder(tx, { auth, requestId, now }), 'risk',
      await getPatientRisk({ risk: createPatientRiskReader(tx), now }, auth, params), () => params.patientId));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPatientRiskBody(result.value) };
  },
});
