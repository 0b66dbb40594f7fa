import * as v from 'valibot';
import { listMeasurements, measurementKey, type MeasurementKey } from '@korevitta/domain';
import { decodeCursor, encodeCursor, fromDomainError, PageQuery, progressCallerOf, registerHttp, withMeasurements } from '@korevitta/platform';
import { CalendarDate } from '../shared-schemas.ts';
import { MeasurementPage, measurementResponses, PatientParams, toMeasurement } from './measurement-schemas.ts';

const Query = v.strictObject({ from: v.optional(CalendarDate), to: v.optional(CalendarDate), ...PageQuery });
const Key = v.strictObject({ measuredOn: CalendarDate, createdAt: v.pipe(v.string(), v.isoTimestamp()), id: v.pipe(v.string(), v.uuid()) });

export default registerHttp({
  name: 'measurements-list',
  operationId: 'listMeasurements',
  method: 'GET',
  route: 'v1/patients/{patientId}/measurements',
  summary: "A patient's body measurements, newest first, with derived values, and `series`: chart columns of the whole range (oldest first)",
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: PatientParams,
  query: Query,
  responses: { 200: { description: 'One page, and the series of the range', schema: MeasurementPage }, ...measurementResponses },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const after: MeasurementKey | null = decodeCursor(query.cursor, Key);
    const result = await withMeasurements(rt, { auth, requestId, now: rt.clock.now() }, (deps) =>
      listMeasurements(deps, progressCallerOf(auth), { patientId: params.patientId, from: query.from ?? null, to: query.to ?? null, after, limit: query.limit }),
      { kind: 'measurements', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const { items, series } = result.value;
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = items.length > query.limit && last ? encodeCursor({ ...measurementKey(last) }) : null;
    return { status: 200, body: { items: page.map(toMeasurement), nextCursor, series } };
  },
});
