import { listMessages } from '@korevitta/domain';
import * as v from 'valibot';
import { callerOf, fromDomainError, PageQuery, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { errorResponses, messageCursor, MessagePage, threadNotFound, ThreadParams, toMessagePage } from './schemas.ts';

export default registerHttp({
  name: 'thread-messages-list',
  operationId: 'listThreadMessages',
  method: 'GET',
  route: 'v1/threads/{threadId}/messages',
  summary: 'A thread’s messages, newest first (keyset cursor: stable while new messages arrive)',
  tag: 'Communication',
  auth: ['professional', 'patient'],
  params: ThreadParams,
  query: v.object(PageQuery),
  responses: { 200: { description: 'One page of messages', schema: MessagePage }, ...errorResponses, ...threadNotFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const after = messageCursor(query.cursor, params.threadId);
    const result = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      listMessages(deps, callerOf(auth), { threadId: params.threadId, after, limit: query.limit }), { kind: 'messages', patientIdOf: (m) => m.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toMessagePage(result.value.messages, query.limit, params.threadId, auth.userId) };
  },
});
