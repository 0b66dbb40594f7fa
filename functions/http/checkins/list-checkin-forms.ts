import { createCheckinStore, withTenant } from '@korevitta/db';
import * as v from 'valibot';
import { PageQuery, registerHttp, tenantOf } from '@korevitta/platform';
import { errorResponses, FormPage, keysetCursor, toFormPage } from './schemas.ts';

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
  handler: async ({ query, auth, rt }) => {
    const after = keysetCursor(query.cursor);
    const rows = await withTenant(rt.db, tenantOf(auth), (tx) => createCheckinStore(tx).listForms({ after, limit: query.limit }));
    return { status: 200, body: toFormPage(rows, query.limit) };
  },
});
