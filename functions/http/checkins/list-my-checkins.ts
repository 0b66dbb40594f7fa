import { listCheckins } from '@korevitta/domain';
import { checkinActorOf, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { CheckinPage, errorResponses, keysetCursor, MyCheckinsQuery, toCheckinPage } from './schemas.ts';

export default registerHttp({
  name: 'my-checkins-list',
  operationId: 'listMyCheckins',
  method: 'GET',
  route: 'v1/me/checkins',
  summary: 'My check-ins, the latest due first (the open one leads)',
  tag: 'Check-ins and risk',
  auth: ['patient'],
  query: MyCheckinsQuery,
  responses: { 200: { description: 'One page of check-ins (keyset cursor)', schema: CheckinPage }, ...errorResponses },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = keysetCursor(query.cursor);
    const now = rt.clock.now();
    const rows = await withCheckinDeps({ rt, auth, requestId }, (deps) =>
      listCheckins(deps, checkinActorOf(auth), { statuses: query.status ?? null, patientId: null, after, limit: query.limit, now }));
    return { status: 200, body: toCheckinPage(rows, query.limit, now) };
  },
});
