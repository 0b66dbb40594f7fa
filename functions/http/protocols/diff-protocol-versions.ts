import * as v from 'valibot';
import { COMPONENTS, diffProtocolVersions, singleLine } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProtocolDeps } from '@korevitta/platform';
import { notFound, ProtocolParams } from './schemas.ts';
import { ContentVersion, Id } from '../shared-schemas.ts';

const Change = v.picklist(['added', 'removed', 'changed']);
/** A changed field: its path inside the component or item (`time`, `exercises[0].loadKg`) and both values. */
const Field = v.strictObject({ field: singleLine(200), from: v.unknown(), to: v.unknown() });
const Fields = v.pipe(v.array(Field), v.maxLength(500));
const Diff = v.strictObject({
  protocolId: Id,
  from: ContentVersion,
  to: ContentVersion,
  components: v.pipe(v.array(v.strictObject({
    component: v.picklist(COMPONENTS),
    change: Change,
    fields: Fields,
    items: v.pipe(v.array(v.strictObject({ key: singleLine(40), name: singleLine(200), change: Change, fields: Fields })), v.maxLength(200)),
  })), v.maxLength(4)),
});

export default registerHttp({
  name: 'protocols-versions-diff',
  operationId: 'diffProtocolVersions',
  method: 'GET',
  route: 'v1/protocols/{protocolId}/versions/diff',
  summary: 'Structured diff between two versions: per component, items added/removed/changed with the changed fields',
  tag: 'Protocol engine',
  auth: ['professional'],
  params: ProtocolParams,
  query: v.strictObject({ from: ContentVersion, to: ContentVersion }),
  responses: { 200: { description: 'The diff', schema: Diff }, 400: { description: 'Invalid version numbers' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const result = await withProtocolDeps({ rt, auth, requestId }, (deps) => diffProtocolVersions(deps, { protocolId: params.protocolId, from: query.from, to: query.to }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { protocolId: params.protocolId, from: query.from, to: query.to, components: result.value.diff.components } };
  },
});
