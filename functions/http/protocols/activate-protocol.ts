import { activateProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, isOneActiveViolation, notFound, ProtocolParams, ProtocolView, toView } from './schemas.ts';
import { PROTOCOL_EXAMPLE } from '../examples.ts';

export default registerHttp({
  name: 'protocols-activate',
  operationId: 'activateProtocol',
  method: 'POST',
  route: 'v1/protocols/{protocolId}/activate',
  summary: "Activate a draft: snapshots version 1, archives the patient's previous active protocol, materializes daily tasks",
  tag: 'Protocol engine',
  auth: ['professional'],
  params: ProtocolParams,
  ifMatch: 'optional',
  responses: {
    200: { description: "Activated: the protocol (the patient's previous active one is archived)", schema: ProtocolView, headers: ['etag'], example: PROTOCOL_EXAMPLE },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Already active, archived, or another activation for the patient won' },
  },
  handler: async ({ params, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) => activateProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: ifMatch, now,
    })).catch((error: unknown) => {
      if (isOneActiveViolation(error)) return { ok: false as const, error: { code: 'PROTOCOL.ACTIVATION_CONFLICT' as const } };
      throw error;
    });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value.protocol), headers: etagOf(result.value.protocol) };
  },
});
