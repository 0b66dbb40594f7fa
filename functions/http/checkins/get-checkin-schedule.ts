import { getCheckinSchedule } from '@korevitta/domain';
import { fromDomainError, registerHttp, revisionEtag, withCheckinDeps } from '@korevitta/platform';
import { errorResponses, PatientParams } from './schemas.ts';
import { ScheduleItem, toScheduleItem } from './schedule-schemas.ts';

export default registerHttp({
  name: 'checkin-schedule-get',
  operationId: 'getCheckinSchedule',
  method: 'GET',
  route: 'v1/patients/{patientId}/checkin-schedule',
  summary: 'A patient’s check-in schedule and its open check-in',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: PatientParams,
  responses: {
    200: { description: 'The schedule', schema: ScheduleItem, headers: ['etag'] },
    ...errorResponses,
    404: { description: 'No such patient among yours, or the patient has no schedule yet' },
  },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withCheckinDeps({ rt, auth, requestId }, (deps) => getCheckinSchedule(deps, params.patientId));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toScheduleItem(result.value, rt.clock.now()), headers: { etag: revisionEtag(result.value.schedule.version) } };
  },
});
