import { createThread } from '@korevitta/domain';
import { callerOf, fromDomainError, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { CreateThreadBody, errorResponses, ThreadItem, toThreadItem } from './schemas.ts';

export default registerHttp({
  name: 'threads-create',
  operationId: 'createThread',
  method: 'POST',
  route: 'v1/threads',
  summary: 'Open the thread of a patient for a context (general, a check-in, a protocol), or get the one that exists',
  tag: 'Communication',
  auth: ['professional', 'patient'],
  body: CreateThreadBody,
  idempotent: true,
  responses: {
    201: { description: 'Created', schema: ThreadItem, headers: ['location'] },
    200: { description: 'The thread for this patient and context already existed', schema: ThreadItem },
    ...errorResponses,
    404: { description: 'No such patient among yours' },
    422: { description: 'The check-in or protocol is not this patient’s, or a patient asked for a non-general thread' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const result = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      createThread(deps, callerOf(auth), body));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const { thread, created, unreadCount } = result.value;
    return { status: created ? 201 : 200, body: toThreadItem(thread, unreadCount), ...(created ? { headers: { location: `/v1/threads/${thread.id}/messages` } } : {}) };
  },
});
