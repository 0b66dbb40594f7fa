import { getDataExport } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDataExports } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { DataExport, DataExportParams, toDataExport } from './data-export-schemas.ts';

export default registerHttp({
  name: 'data-exports-get',
  operationId: 'getDataExport',
  method: 'GET',
  route: 'v1/data-exports/{exportId}',
  summary: 'The state of a data export (a professional: any of its account; a patient: those of itself) and, when ready, a short-lived read-only URL of its ZIP (each URL handed out is audited)',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional', 'patient'],
  params: DataExportParams,
  responses: {
    200: { description: 'The export', schema: DataExport },
    ...errorResponses,
    404: { description: 'No export with this id that I may see (or deleted after 7 days)' },
  },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withDataExports(rt, { auth, requestId, now: rt.clock.now() }, (deps) => getDataExport(deps, params.exportId));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toDataExport(result.value), headers: { 'cache-control': 'no-store' } };
  },
});
