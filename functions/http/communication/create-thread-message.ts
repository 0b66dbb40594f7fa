import { postMessage } from '@korevitta/domain';
import { callerOf, fromDomainError, registerHttp, withCommunicationDeps } from '@korevitta/platform';
import { CreateMessageBody, errorResponses, MessageItem, threadNotFound, ThreadParams, toMessageItem } from './schemas.ts';
import { EXAMPLE_IDS } from '../examples.ts';

export default registerHttp({
  name: 'thread-messages-create',
  operationId: 'createThreadMessage',
  method: 'POST',
  route: 'v1/threads/{threadId}/messages',
  summary: 'Post a text message (1–4000 characters, trimmed) as myself; the other party may get an e-mail alert without the text',
  tag: 'Communication',
  auth: ['professional', 'patient'],
  params: ThreadParams,
  body: CreateMessageBody,
  requestExample: { body: 'Oi, Ana! Vi seu check-in: ótima semana. Vamos manter a hidratação?' },
  idempotent: true,
  responses: {
    201: {
      description: 'Posted',
      schema: MessageItem,
      example: {
        id: EXAMPLE_IDS.message, threadId: EXAMPLE_IDS.thread, senderRole: 'professional', mine: true,
        body: 'Oi, Ana! Vi seu check-in: ótima semana. Vamos manter a hidratação?', createdAt: '2026-12-03T14:10:00.000Z',
      },
    },
    ...errorResponses,
    ...threadNotFound,
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withCommunicationDeps({ rt, auth, requestId }, (deps) =>
      postMessage(deps, callerOf(auth), { threadId: params.threadId, body: body.body }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toMessageItem(result.value, auth.userId) };
  },
});
