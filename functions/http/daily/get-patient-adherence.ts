import * as v from 'valibot';
import { getPatientAdherence } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDailyDeps } from '@korevitta/platform';
import { Adherence, CalendarDate, Uuid, problemResponses } from './schemas.ts';

const Params = v.strictObject({ patientId: Uuid });
const Query = v.strictObject({ from: v.optional(CalendarDate), to: v.optional(CalendarDate) });

export default registerHttp({
  name: 'patients-adherence-get',
  operationId: 'getPatientAdherence',
  method: 'GET',
  route: 'v1/patients/{patientId}/adherence',
  summary: "A patient's daily adherence series (completed/total, hydration % of goal) with 7- and 30-day averages; at most 92 days",
  tag: 'Daily execution',
  auth: ['professional'],
  params: Params,
  query: Query,
  responses: { 200: { description: 'The series', schema: Adherence }, ...problemResponses, 404: { description: 'No such patient of mine' } },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const result = await withDailyDeps({ rt, auth, requestId }, (deps) =>
      getPatientAdherence(deps, auth, {
        patientId: params.patientId, ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}),
      }), { kind: 'adherence', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: result.value };
  },
});
