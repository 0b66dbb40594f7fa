import * as v from 'valibot';
import { listProtocolTemplates } from '@korevitta/domain';
import { decodeCursor, PageQuery, registerHttp, toPage, withProtocolDeps } from '@korevitta/platform';
import { TemplateView, toTemplateView } from './schemas.ts';
import { pageOf } from '../shared-schemas.ts';

const Cursor = v.object({ createdAt: v.pipe(v.string(), v.isoTimestamp()), id: v.pipe(v.string(), v.uuid()) });
const Page = pageOf(TemplateView);

export default registerHttp({
  name: 'protocol-templates-list',
  operationId: 'listProtocolTemplates',
  method: 'GET',
  route: 'v1/protocol-templates',
  summary: "The professional's composite protocol templates, newest first",
  tag: 'Protocol engine',
  auth: ['professional'],
  query: v.strictObject(PageQuery),
  responses: { 200: { description: 'One page of templates', schema: Page }, 400: { description: 'Invalid cursor' }, 403: { description: 'Professionals only' } },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = decodeCursor(query.cursor, Cursor);
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps) => listProtocolTemplates(deps, { limit: query.limit, after }));
    return { status: 200, body: toPage(result, query.limit, toTemplateView, (t) => ({ createdAt: t.createdAt.toISOString(), id: t.id })) };
  },
});
