import * as v from 'valibot';
import { listPatientProtocols } from '@korevitta/domain';
import { decodeCursor, keysetTimestamp, fromDomainError, PageQuery, registerHttp, toPage, withProtocolDeps } from '@korevitta/platform';
import { Id, notFound, ProtocolSummary, Status, toSummary } from './schemas.ts';
import { pageOf } from '../shared-schemas.ts';

const Cursor = v.object({ createdAt: keysetTimestamp(), id: v.pipe(v.string(), v.uuid()) });
const Page = pageOf(ProtocolSummary);

export default registerHttp({
  name: 'protocols-list',
  operationId: 'listProtocols',
  method: 'GET',
  route: 'v1/patients/{patientId}/protocols',
  summary: "The patient's protocols, newest first (optionally one status)",
  tag: 'Protocol engine',
  auth: ['professional'],
  params: v.strictObject({ patientId: Id }),
  query: v.strictObject({ ...PageQuery, status: v.optional(Status) }),
  responses: { 200: { description: 'One page of protocols', schema: Page }, 400: { description: 'Invalid query or cursor' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const after = decodeCursor(query.cursor, Cursor);
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps) =>
      listPatientProtocols(deps, { patientId: params.patientId, limit: query.limit, after, status: query.status ?? null }), { kind: 'protocols', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPage(result.value, query.limit, toSummary, (p) => ({ createdAt: p.createdAt.toISOString(), id: p.id })) };
  },
});
