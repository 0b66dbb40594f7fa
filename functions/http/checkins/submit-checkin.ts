import { submitCheckin } from '@korevitta/domain';
import { withTenant } from '@korevitta/db';
import { checkinActorOf, checkinDeps, fromDomainError, registerHttp, tenantOf } from '@korevitta/platform';
import { CheckinDetailBody, checkinNotFound, CheckinParams, errorResponses, SubmitBody, toCheckinDetail } from './schemas.ts';

export default registerHttp({
  name: 'checkin-submit',
  method: 'POST',
  route: 'v1/checkins/{checkinId}/submit',
  summary: 'Answer a check-in while it is open (pending) or late (recorded as late); answers are checked against its form version',
  tags: ['checkins'],
  auth: ['patient'],
  params: CheckinParams,
  body: SubmitBody,
  idempotent: true,
  responses: {
    200: { description: 'Submitted; the next check-in is scheduled', schema: CheckinDetailBody },
    ...errorResponses,
    ...checkinNotFound,
    409: { description: 'Not open yet, already answered, missed, or answers for another form version' },
    422: { description: 'Answers that do not fit the form (errors[] points at each question: /body/responses/<id>)' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withTenant(rt.db, tenantOf(auth), (tx) =>
      submitCheckin(checkinDeps(tx, { auth, requestId, now }), checkinActorOf(auth), { checkinId: params.checkinId, formVersion: body.formVersion, responses: body.responses }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toCheckinDetail(result.value.detail, now) };
  },
});
