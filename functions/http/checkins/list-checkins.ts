import { listCheckins } from '@korevitta/domain';
import { checkinActorOf, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { CheckinPage, errorResponses, InboxQuery, keysetCursor, toCheckinPage } from './schemas.ts';

export default registerHttp({
  name: 'checkins-list',
  operationId: 'listCheckins',
  method: 'GET',
  route: 'v1/checkins',
  summary: 'The check-in inbox: by status (default submitted: answers waiting for review) and patient, oldest first',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  query: InboxQuery,
  responses: { 200: { description: 'One page of check-ins (keyset cursor)', schema: CheckinPage }, ...errorResponses },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = keysetCursor(query.cursor);
    const now = rt.clock.now();
    const rows = await withCheckinDeps({ rt, auth, requestId }, (deps) =>
      listCheckins(deps, checkinActorOf(auth), { statuses: query.status ?? null, patientId: query.patientId ?? null, after, limit: query.limit, now }));
    return { status: 200, body: toCheckinPage(rows, query.limit, now) };
  },
});
