import { getProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, notFound, ProtocolParams, ProtocolView, toView } from './schemas.ts';

export default registerHttp({
  name: 'protocols-get',
  operationId: 'getProtocol',
  method: 'GET',
  route: 'v1/protocols/{protocolId}',
  summary: 'Read a protocol (ETag header: send it back as If-Match on PATCH); a patient reads only its active one',
  tag: 'Protocol engine',
  auth: ['professional', 'patient'],
  params: ProtocolParams,
  responses: { 200: { description: 'The protocol', schema: ProtocolView, headers: ['etag'] }, ...notFound },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps) => getProtocol(deps, { caller: callerOf(auth), protocolId: params.protocolId }), { kind: 'protocols', patientIdOf: (p) => p.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value), headers: etagOf(result.value) };
  },
});
