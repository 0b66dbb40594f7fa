import * as v from 'valibot';
import { COMPONENTS, diffProtocolVersions } from '@korevitta/domain';
import { fromDomainError, registerHttp } from '@korevitta/platform';
import { inProtocolTx, notFound, ProtocolParams } from './schemas.ts';

const VersionNumber = v.pipe(v.string(), v.regex(/^[1-9]\d{0,8}$/, 'must be a version number (1, 2, ...)'), v.transform(Number));
const Change = v.picklist(['added', 'removed', 'changed']);
const Field = v.strictObject({ field: v.string(), from: v.unknown(), to: v.unknown() });
const Diff = v.strictObject({
  protocolId: v.string(),
  from: v.number(),
  to: v.number(),
  components: v.array(v.strictObject({
    component: v.picklist(COMPONENTS),
    change: Change,
    fields: v.array(Field),
    items: v.array(v.strictObject({ key: v.string(), name: v.string(), change: Change, fields: v.array(Field) })),
  })),
});

export default registerHttp({
  name: 'protocols-versions-diff',
  method: 'GET',
  route: 'v1/protocols/{protocolId}/versions/diff',
  summary: 'Structured diff between two versions: per component, items added/removed/changed with the changed fields',
  tags: ['protocols'],
  auth: ['professional'],
  params: ProtocolParams,
  query: v.strictObject({ from: VersionNumber, to: VersionNumber }),
  responses: { 200: { description: 'The diff', schema: Diff }, 400: { description: 'Invalid version numbers' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const result = await inProtocolTx(rt, auth, requestId, (deps) => diffProtocolVersions(deps, { protocolId: params.protocolId, from: query.from, to: query.to }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { protocolId: params.protocolId, from: query.from, to: query.to, components: result.value.diff.components } };
  },
});
