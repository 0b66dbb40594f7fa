import * as v from 'valibot';
import { fieldMessage, ProtocolContent, updateProtocol } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, notFound, ProtocolName, ProtocolParams, ProtocolView, toView } from './schemas.ts';

const Body = v.pipe(
  v.strictObject({ name: v.optional(ProtocolName), content: v.optional(ProtocolContent) }),
  v.check((b) => b.name !== undefined || b.content !== undefined, fieldMessage('empty_update')),
);

export default registerHttp({
  name: 'protocols-update',
  operationId: 'updateProtocol',
  method: 'PATCH',
  route: 'v1/protocols/{protocolId}',
  summary: 'Edit a draft, or the active protocol (new content makes a new immutable version); requires If-Match',
  tag: 'Protocol engine',
  auth: ['professional'],
  params: ProtocolParams,
  ifMatch: 'required',
  body: Body,
  responses: {
    200: { description: 'The protocol after the edit (new ETag)', schema: ProtocolView, headers: ['etag'] },
    400: { description: 'Invalid content (errors[] point into /body/content)' },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'The protocol is archived' },
  },
  handler: async ({ params, body, auth, rt, ifMatch, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) => updateProtocol(deps, {
      caller: callerOf(auth), protocolId: params.protocolId, expectedRowVersion: ifMatch, name: body.name, content: body.content, now,
    }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toView(result.value), headers: etagOf(result.value) };
  },
});
