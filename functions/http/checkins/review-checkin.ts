import { reviewCheckin } from '@korevitta/domain';
import { checkinActorOf, fromDomainError, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { CheckinDetailBody, checkinNotFound, CheckinParams, errorResponses, ReviewBody, toCheckinDetail } from './schemas.ts';

export default registerHttp({
  name: 'checkin-review',
  operationId: 'reviewCheckin',
  method: 'POST',
  route: 'v1/checkins/{checkinId}/review',
  summary: 'Review a submitted check-in, with optional notes (audited; the notes never in clear)',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: CheckinParams,
  body: ReviewBody,
  idempotent: true,
  responses: {
    200: { description: 'Reviewed', schema: CheckinDetailBody },
    ...errorResponses,
    ...checkinNotFound,
    409: { description: 'Not submitted yet, or already reviewed' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withCheckinDeps({ rt, auth, requestId, now }, (deps) =>
      reviewCheckin(deps, checkinActorOf(auth), { checkinId: params.checkinId, notes: body.notes?.trim() || null }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toCheckinDetail(result.value.detail, now) };
  },
});
