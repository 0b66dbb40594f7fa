import { archiveProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp } from '@korevitta/platform';
import { callerOf, etagOf, expectedRowVersion, inProtocolTx, notFound, ProtocolParams, ProtocolView, toView } from './schemas.ts';

export default registerHttp({
  name: 'protocols-archive',
  method: 'POST',
  route: 'v1/protocols/{protocolId}/archive',
  summary: 'Archive a draft or the active protocol (final)',
  tags: ['protocols'],
  auth: ['professional'],
  params: ProtocolParams,
  responses: {
    200: { description: 'Archived', schema: ProtocolView },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Already archived' },
    412: { description: 'If-Match (optional) does not match' },
  },
  handler: async ({ params, auth, rt, request, locale, requestId }) => {
    const expected = expectedRowVersion(request.headers.get('if-match'));
    const result = await inProtocolTx(rt, auth, requestId, (deps, now) => archiveProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: expected === 'missing' ? null : expected === 'unmatchable' ? -1 : expected, now,
    }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value), headers: etagOf(result.value) };
  },
});
