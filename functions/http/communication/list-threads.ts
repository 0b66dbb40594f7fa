import { listThreads } from '@korevitta/domain';
import { callerOf, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { errorResponses, ListThreadsQuery, threadCursor, ThreadPage, toThreadPage } from './schemas.ts';

export default registerHttp({
  name: 'threads-list',
  operationId: 'listThreads',
  method: 'GET',
  route: 'v1/threads',
  summary: 'My threads, most recent activity first, each with my unread count; `unreadTotal` counts all my unread messages',
  tag: 'Communication',
  auth: ['professional', 'patient'],
  query: ListThreadsQuery,
  responses: { 200: { description: 'One page of threads (keyset cursor)', schema: ThreadPage }, ...errorResponses },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = threadCursor(query.cursor);
    const { rows, unreadTotal } = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      listThreads(deps, callerOf(auth), { patientId: query.patientId ?? null, after, limit: query.limit }));
    return { status: 200, body: toThreadPage(rows, query.limit, unreadTotal) };
  },
});
