import * as v from 'valibot';
import { listProtocolVersions } from '@korevitta/domain';
import { decodeCursor, fromDomainError, PageQuery, registerHttp, toPage, withProtocolDeps } from '@korevitta/platform';
import { notFound, ProtocolParams, toVersionView, VersionView } from './schemas.ts';
import { pageOf } from '../shared-schemas.ts';

const Cursor = v.object({ version: v.pipe(v.number(), v.integer(), v.minValue(1)) });
const Page = pageOf(VersionView);

export default registerHttp({
  name: 'protocols-versions-list',
  operationId: 'listProtocolVersions',
  method: 'GET',
  route: 'v1/protocols/{protocolId}/versions',
  summary: "The protocol's immutable version snapshots, newest first",
  tag: 'Protocol engine',
  auth: ['professional'],
  params: ProtocolParams,
  query: v.strictObject(PageQuery),
  responses: { 200: { description: 'One page of versions', schema: Page }, 400: { description: 'Invalid cursor' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const after = decodeCursor(query.cursor, Cursor);
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps) =>
      listProtocolVersions(deps, { protocolId: params.protocolId, limit: query.limit, beforeVersion: after?.version ?? null }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPage(result.value, query.limit, toVersionView, (pv) => ({ version: pv.version })) };
  },
});
