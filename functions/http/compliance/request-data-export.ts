import { requestDataExport } from '@korevitta/domain';
import { dataExportCallerOf, fromDomainError, registerHttp, withDataExports } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { DataExport, DataExportBody, toDataExport } from './data-export-schemas.ts';

export default registerHttp({
  name: 'data-exports-request',
  operationId: 'requestDataExport',
  method: 'POST',
  route: 'v1/data-exports',
  summary: "Export personal data (LGPD art. 18): a patient its own, a professional one patient's or its whole account; built asynchronously",
  description: 'Answers 202 with the export and its Location; poll GET /v1/data-exports/{exportId} until `status` is `ready`, then download the ZIP from '
    + '`downloadUrl` (read-only, minutes long). The ZIP holds one JSON file per kind of data, the photos, an HL7 FHIR R4 Bundle (fhir-bundle.json) '
    + 'and a README.txt in pt-BR explaining every file. Exports are deleted 7 days after the request. At most 3 exports per requester per day.',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional', 'patient'],
  body: DataExportBody,
  requestExample: { scope: 'patient', patientId: '0193a0b2-7c1e-7e2a-9d5b-6f4e3c2b1a09' },
  idempotent: true,
  responses: {
    202: { description: 'The export, queued', schema: DataExport, headers: ['location'] },
    ...errorResponses,
    403: { description: 'A patient asking for a whole-account export' },
    404: { description: 'No such patient (of mine, or myself)' },
    429: { description: 'Daily export limit reached (Retry-After)' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withDataExports(rt, { auth, requestId, now }, (deps) =>
      requestDataExport(deps, dataExportCallerOf(auth), { scope: body.scope, patientId: body.patientId ?? null }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return {
      status: 202,
      body: toDataExport({ export: result.value, status: result.value.status, download: null }),
      headers: { location: `/v1/data-exports/${result.value.id}`, 'cache-control': 'no-store' },
    };
  },
});
