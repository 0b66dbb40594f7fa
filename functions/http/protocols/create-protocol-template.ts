import * as v from 'valibot';
import { createProtocolTemplate, multiLine, ProtocolContent } from '@korevitta/domain';
import { registerHttp, withProtocolDeps } from '@korevitta/platform';
import { callerOf, ProtocolName, TemplateView, toTemplateView } from './schemas.ts';

const Body = v.strictObject({
  name: ProtocolName,
  description: v.optional(v.nullable(multiLine(2000))),
  content: ProtocolContent,
});

export default registerHttp({
  name: 'protocol-templates-create',
  operationId: 'createProtocolTemplate',
  method: 'POST',
  route: 'v1/protocol-templates',
  summary: 'Create a composite template (nutrition + training + supplementation + hydration); Idempotency-Key honoured',
  tag: 'Protocol engine',
  auth: ['professional'],
  idempotent: true,
  body: Body,
  responses: { 201: { description: 'The template', schema: TemplateView, headers: ['location'] }, 400: { description: 'Invalid content (errors[] point into /body/content)' }, 403: { description: 'Professionals only' } },
  handler: async ({ body, auth, rt, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps, now) =>
      createProtocolTemplate(deps, { caller: callerOf(auth), name: body.name, description: body.description ?? null, content: body.content, now }));
    return { status: 201, body: toTemplateView(result), headers: { location: `/v1/protocol-templates/${result.id}` } };
  },
});
