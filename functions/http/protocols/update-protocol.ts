import * as v from 'valibot';
import { ProtocolContent, updateProtocol } from '@korevitta/domain';
import { fromDomainError, problemOutput, registerHttp } from '@korevitta/platform';
import { callerOf, etagOf, expectedRowVersion, inProtocolTx, notFound, ProtocolName, ProtocolParams, ProtocolView, toView } from './schemas.ts';

const Body = v.pipe(
  v.strictObject({ name: v.optional(ProtocolName), content: v.optional(ProtocolContent) }),
  v.check((b) => b.name !== undefined || b.content !== undefined, 'send name and/or content'),
);

export default registerHttp({
  name: 'protocols-update',
  method: 'PATCH',
  route: 'v1/protocols/{protocolId}',
  summary: 'Edit a draft, or the active protocol (new content makes a new immutable version); requires If-Match',
  tags: ['protocols'],
  auth: ['professional'],
  params: ProtocolParams,
  body: Body,
  responses: {
    200: { description: 'The protocol after the edit (new ETag)', schema: ProtocolView },
    400: { description: 'Invalid content (errors[] point into /body/content)' },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'The protocol is archived' },
    412: { description: 'If-Match does not match the current version' },
    428: { description: 'If-Match is required' },
  },
  handler: async ({ params, body, auth, rt, request, locale, requestId }) => {
    const expected = expectedRowVersion(request.headers.get('if-match'));
    if (expected === 'missing') return problemOutput('REQUEST.PRECONDITION_REQUIRED', locale, { requestId, detail: 'send If-Match with the ETag from GET' });
    const result = await inProtocolTx(rt, auth, requestId, (deps, now) => updateProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: expected === 'unmatchable' ? -1 : expected, name: body.name, content: body.content, now,
    }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value), headers: etagOf(result.value) };
  },
});
