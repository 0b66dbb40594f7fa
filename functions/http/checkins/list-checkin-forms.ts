import * as v from 'valibot';
import { PageQuery, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { errorResponses, keysetCursor } from './schemas.ts';
import { FormPage, toFormPage } from './form-schemas.ts';

export default registerHttp({
  name: 'checkin-forms-list',
  operationId: 'listCheckinForms',
  method: 'GET',
  route: 'v1/checkin-forms',
  summary: 'My check-in form templates, newest first',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  query: v.object(PageQuery),
  responses: { 200: { description: 'One page of forms (keyset cursor)', schema: FormPage }, ...errorResponses },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = keysetCursor(query.cursor);
    const rows = await withCheckinDeps({ rt, auth, requestId }, (deps) => deps.store.listForms({ after, limit: query.limit }));
    return { status: 200, body: toFormPage(rows, query.limit) };
  },
});
