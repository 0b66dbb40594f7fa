import { putCheckinSchedule } from '@korevitta/domain';
import { checkinActorOf, fromDomainError, registerHttp, revisionEtag, withCheckinDeps } from '@korevitta/platform';
import { errorResponses, PatientParams } from './schemas.ts';
import { ScheduleBody, ScheduleItem, toScheduleItem } from './schedule-schemas.ts';

export default registerHttp({
  name: 'checkin-schedule-put',
  operationId: 'putCheckinSchedule',
  method: 'PUT',
  route: 'v1/patients/{patientId}/checkin-schedule',
  summary: 'Set a patient’s check-in schedule (cadence, due time in the patient’s zone, grace, form); applies from the next check-in',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: PatientParams,
  ifMatch: 'optional',
  body: ScheduleBody,
  idempotent: true,
  responses: {
    201: { description: 'Created; the first check-in is scheduled', schema: ScheduleItem, headers: ['etag', 'location'] },
    200: { description: 'Replaced; the open check-in keeps its times, the next one follows the new schedule', schema: ScheduleItem, headers: ['etag'] },
    ...errorResponses,
    400: { description: 'Invalid fields, or a schedule that does not hold together (grace not shorter than the period, everyDays without custom): errors[] names the field' },
    404: { description: 'No such patient, or no such form, among yours' },
  },
  handler: async ({ params, body, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withCheckinDeps({ rt, auth, requestId }, (deps) =>
      putCheckinSchedule(deps, checkinActorOf(auth), params.patientId, body, ifMatch));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const etag = revisionEtag(result.value.schedule.version);
    const headers: Record<string, string> = result.value.created ? { etag, location: `/v1/patients/${params.patientId}/checkin-schedule` } : { etag };
    return { status: result.value.created ? 201 : 200, body: toScheduleItem(result.value, rt.clock.now()), headers };
  },
});
