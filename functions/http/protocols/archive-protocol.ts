import { archiveProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, notFound, ProtocolParams, ProtocolView, toView } from './schemas.ts';

export default registerHttp({
  name: 'protocols-archive',
  operationId: 'archiveProtocol',
  method: 'POST',
  route: 'v1/protocols/{protocolId}/archive',
  summary: 'Archive a draft or the active protocol (final)',
  tag: 'Protocol engine',
  auth: ['professional'],
  params: ProtocolParams,
  ifMatch: 'optional',
  responses: {
    200: { description: 'Archived', schema: ProtocolView, headers: ['etag'] },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Already archived' },
  },
  handler: async ({ params, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) => archiveProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: ifMatch, now,
    }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value), headers: etagOf(result.value) };
  },
});
