import * as v from 'valibot';
import { activateProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp } from '@korevitta/platform';
import { callerOf, etagOf, expectedRowVersion, inProtocolTx, isOneActiveViolation, notFound, ProtocolParams, ProtocolView, toView } from './schemas.ts';

const Activated = v.strictObject({ protocol: ProtocolView, archivedProtocolId: v.nullable(v.string()) });

export default registerHttp({
  name: 'protocols-activate',
  method: 'POST',
  route: 'v1/protocols/{protocolId}/activate',
  summary: "Activate a draft: snapshots version 1, archives the patient's previous active protocol, materializes daily tasks",
  tags: ['protocols'],
  auth: ['professional'],
  params: ProtocolParams,
  responses: {
    200: { description: 'Activated', schema: Activated },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Already active, archived, or another activation for the patient won' },
    412: { description: 'If-Match (optional) does not match' },
  },
  handler: async ({ params, auth, rt, request, locale, requestId }) => {
    const expected = expectedRowVersion(request.headers.get('if-match'));
    const result = await inProtocolTx(rt, auth, requestId, (deps, now) => activateProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: expected === 'missing' ? null : expected === 'unmatchable' ? -1 : expected, now,
    })).catch((error: unknown) => {
      if (isOneActiveViolation(error)) return { ok: false as const, error: { code: 'PROTOCOL.ACTIVATION_CONFLICT' as const } };
      throw error;
    });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { protocol: toView(result.value.protocol), archivedProtocolId: result.value.archivedPreviousId }, headers: etagOf(result.value.protocol) };
  },
});
