import { getCheckin } from '@korevitta/domain';
import { fromDomainError, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { CheckinDetailBody, checkinNotFound, CheckinParams, errorResponses, toCheckinDetail } from './schemas.ts';

export default registerHttp({
  name: 'checkin-get',
  operationId: 'getCheckin',
  method: 'GET',
  route: 'v1/checkins/{checkinId}',
  summary: 'One check-in with the form schema it answers and, once answered, its answers',
  tag: 'Check-ins and risk',
  auth: ['professional', 'patient'],
  params: CheckinParams,
  responses: { 200: { description: 'The check-in', schema: CheckinDetailBody }, ...errorResponses, ...checkinNotFound },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withCheckinDeps({ rt, auth, requestId }, (deps) => getCheckin(deps, params.checkinId), { kind: 'checkins', patientIdOf: (c) => c.state.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toCheckinDetail(result.value, now) };
  },
});
