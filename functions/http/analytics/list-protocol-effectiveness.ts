import * as v from 'valibot';
import { effectivenessKey, singleLine, type ProtocolEffectiveness } from '@korevitta/domain';
import { decodeCursor, fromDomainError, PageQuery, readProtocolEffectiveness, registerHttp, toPage } from '@korevitta/platform';
import { Count, Id, Instant, pageOf } from '../shared-schemas.ts';

const Rate = v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)));
/** A mean change over the runs measured at least twice (null when none was). */
const Change = (min: number, max: number) => v.strictObject({ mean: v.nullable(v.pipe(v.number(), v.minValue(min), v.maxValue(max))), runs: Count });
const Item = v.strictObject({
  /** The template the protocols came from; null for a protocol written without one (then `protocolId` is set). */
  templateId: v.nullable(Id),
  protocolId: v.nullable(Id),
  name: singleLine(200),
  /** Distinct patients who have had one of these protocols active. */
  patients: Count,
  /** Protocols that have been active (a patient on it twice counts twice), and how many are active now. */
  runs: Count,
  activeRuns: Count,
  /** Mean over the runs with tasks of completed / total tasks during the run's active time. */
  meanAdherence: Rate,
  /** Check-ins due during the runs: answered / decided (answered or missed); open ones are not counted yet. */
  checkins: v.strictObject({ answered: Count, decided: Count, completionRate: Rate }),
  /** Last minus first measurement within each run's active time, averaged over the runs measured twice or more. */
  weightChangeKg: Change(-380, 380),
  bodyFatChangePct: Change(-73, 73),
});
export const ProtocolEffectivenessBody = v.strictObject({
  /** When the view was last computed (refreshed every 15 minutes); null while no protocol has ever been active. */
  computedAt: v.nullable(Instant),
  ...pageOf(Item).entries,
});
const Query = v.strictObject({ ...PageQuery });
const Key = v.strictObject({ patients: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647)), groupId: v.pipe(v.string(), v.uuid()) });

export default registerHttp({
  name: 'protocol-effectiveness-list',
  operationId: 'listProtocolEffectiveness',
  method: 'GET',
  route: 'v1/analytics/protocol-effectiveness',
  summary: 'Which protocols work: per template (and per protocol written without one), patients, mean adherence, check-in completion and weight and body-fat change (from mv_protocol_effectiveness)',
  description: 'Eventually consistent: served from a materialized view refreshed every 15 minutes; `computedAt` says how fresh it is. Most patients first.',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  query: Query,
  responses: { 200: { description: 'One page of protocol groups', schema: ProtocolEffectivenessBody }, 400: { description: 'Invalid cursor or limit' }, 403: { description: 'Professionals only' } },
  handler: async ({ query, auth, rt, locale, requestId }) => {
    const after = decodeCursor(query.cursor, Key);
    const result = await readProtocolEffectiveness(rt, auth, { after, limit: query.limit });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const page = toPage(result.value.rows, query.limit, (r: ProtocolEffectiveness) => r, (r) => ({ ...effectivenessKey(r) }));
    return { status: 200, body: { computedAt: result.value.computedAt?.toISOString() ?? null, ...page } };
  },
});
