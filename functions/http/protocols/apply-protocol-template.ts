import * as v from 'valibot';
import { applyProtocolTemplate } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, etagOf, Id, notFound, ProtocolName, ProtocolView, toView } from './schemas.ts';

export default registerHttp({
  name: 'protocol-templates-apply',
  operationId: 'applyProtocolTemplate',
  method: 'POST',
  route: 'v1/protocol-templates/{templateId}/apply',
  summary: "Create a patient's draft protocol from a template (Idempotency-Key honoured)",
  tag: 'Protocol engine',
  auth: ['professional'],
  idempotent: true,
  params: v.strictObject({ templateId: Id }),
  body: v.strictObject({ patientId: Id, name: v.optional(ProtocolName) }),
  responses: { 201: { description: 'The new draft', schema: ProtocolView, headers: ['etag', 'location'] }, 400: { description: 'Invalid request' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) =>
      applyProtocolTemplate(deps, { caller: callerOf(auth), templateId: params.templateId, patientId: body.patientId, name: body.name, now }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toView(result.value), headers: { ...etagOf(result.value), location: `/v1/protocols/${result.value.id}` } };
  },
});
