import * as v from 'valibot';
import { createProtocolDraft, ProtocolContent } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, Id, notFound, ProtocolName, ProtocolView, toView } from './schemas.ts';
import { PROTOCOL_CONTENT_EXAMPLE, PROTOCOL_EXAMPLE } from '../examples.ts';

const Body = v.strictObject({ name: ProtocolName, content: ProtocolContent });

export default registerHttp({
  name: 'protocols-create',
  operationId: 'createProtocol',
  method: 'POST',
  route: 'v1/patients/{patientId}/protocols',
  summary: 'Create a draft protocol for the patient (Idempotency-Key honoured)',
  tag: 'Protocol engine',
  auth: ['professional'],
  idempotent: true,
  params: v.strictObject({ patientId: Id }),
  body: Body,
  requestExample: { name: PROTOCOL_EXAMPLE.name, content: PROTOCOL_CONTENT_EXAMPLE },
  responses: {
    201: {
      description: 'The draft',
      schema: ProtocolView,
      headers: ['etag', 'location'],
      example: { ...PROTOCOL_EXAMPLE, status: 'draft', contentVersion: 0, revision: 1, activatedAt: null, updatedAt: PROTOCOL_EXAMPLE.createdAt },
    },
    400: { description: 'Invalid content (problem+json with errors[] pointing into /body/content)' },
    403: { description: 'Professionals only' },
    ...notFound,
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) =>
      createProtocolDraft(deps, { caller: callerOf(auth), patientId: params.patientId, name: body.name, content: body.content, now }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toView(result.value), headers: { ...etagOf(result.value), location: `/v1/protocols/${result.value.id}` } };
  },
});
