import { markThreadRead } from '@korevitta/domain';
import { callerOf, fromDomainError, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { errorResponses, MarkReadBody, ReadState, ThreadParams, toReadState } from './schemas.ts';

export default registerHttp({
  name: 'threads-read',
  operationId: 'readThread',
  method: 'POST',
  route: 'v1/threads/{threadId}/read',
  summary: 'Mark the thread read up to a message (the marker never moves backwards); answers my unread count left',
  tag: 'Communication',
  auth: ['professional', 'patient'],
  params: ThreadParams,
  body: MarkReadBody,
  responses: {
    200: { description: 'My read marker for the thread', schema: ReadState },
    ...errorResponses,
    404: { description: 'No such thread among yours, or no such message in it' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      markThreadRead(deps, callerOf(auth), { threadId: params.threadId, upToMessageId: body.upToMessageId }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toReadState(result.value.marker, result.value.unreadCount) };
  },
});
