import * as v from 'valibot';
import { labSeries, listLabPanels } from '@korevitta/domain';
import { decodeCursor, encodeCursor, fromDomainError, PageQuery, progressCallerOf, registerHttp, withLabDeps } from '@korevitta/platform';
import { CalendarDate } from '../shared-schemas.ts';
import { PatientParams } from './measurement-schemas.ts';
import { BiomarkerCode, LabPanelPage, labResponses, LabSeries, toLabPanel, toLabSeries } from './lab-schemas.ts';

const Query = v.strictObject({ biomarker: v.optional(BiomarkerCode), from: v.optional(CalendarDate), to: v.optional(CalendarDate), ...PageQuery });
const Key = v.strictObject({ collectedOn: CalendarDate, id: v.pipe(v.string(), v.uuid()) });

export default registerHttp({
  name: 'lab-results-list',
  operationId: 'listLabResults',
  method: 'GET',
  route: 'v1/patients/{patientId}/lab-results',
  summary: "A patient's lab panels newest first, values flagged; with `?biomarker=` one marker's series oldest first (a trend chart)",
  description: 'Without `biomarker`: `{items: panels, nextCursor}`. With it: `{biomarker, catalogVersion, items: points, nextCursor: null}`, at most 500 points, each flagged with '
    + 'its reference band at that date. `from`/`to` bound the collection dates of both. Flags follow the patient\'s sex and age at collection as recorded now.',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: PatientParams,
  query: Query,
  responses: { 200: { description: 'Panels, or one biomarker\'s series', schema: v.union([LabPanelPage, LabSeries]) }, ...labResponses },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const scope = { rt, auth, requestId };
    const record = { kind: 'lab_results' as const, patientIdOf: (x: { patientId: string }) => x.patientId };
    const range = { patientId: params.patientId, from: query.from ?? null, to: query.to ?? null };
    if (query.biomarker !== undefined) {
      const biomarker = query.biomarker;
      const series = await withLabDeps(scope, (deps) => labSeries(deps, progressCallerOf(auth), { ...range, biomarker }), record);
      if (!series.ok) return fromDomainError(series.error, locale, requestId);
      return { status: 200, body: toLabSeries(series.value.series), headers: { 'cache-control': 'no-store' } };
    }
    const after = decodeCursor(query.cursor, Key);
    const result = await withLabDeps(scope, (deps) => listLabPanels(deps, progressCallerOf(auth), { ...range, after, limit: query.limit }), record);
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const page = result.value.panels.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = result.value.panels.length > query.limit && last ? encodeCursor({ collectedOn: last.collectedOn, id: last.id }) : null;
    return { status: 200, body: { items: page.map(toLabPanel), nextCursor }, headers: { 'cache-control': 'no-store' } };
  },
});
