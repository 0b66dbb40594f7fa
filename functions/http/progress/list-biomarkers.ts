import { readBiomarkerCatalog, registerHttp } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { BiomarkerCatalogBody, toCatalog } from './lab-schemas.ts';

export default registerHttp({
  name: 'biomarkers-list',
  operationId: 'listBiomarkers',
  method: 'GET',
  route: 'v1/biomarkers',
  summary: 'The biomarker catalog: LOINC code, names, canonical unit, accepted units with their conversions, and reference ranges by sex and age band with their sources',
  description: 'Versioned reference data (`catalogVersion`), the same for every practice; a new version only adds. Cacheable by the client for an hour (ETag names the version). '
    + 'The ranges await clinical review before production use (docs/adr/0020).',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  responses: {
    200: { description: 'The whole catalog in display order', schema: BiomarkerCatalogBody, headers: ['etag'] },
    401: errorResponses[401],
    403: errorResponses[403],
  },
  handler: async ({ auth, rt }) => {
    const catalog = await readBiomarkerCatalog(rt, auth);
    return { status: 200, body: toCatalog(catalog), headers: { etag: `"biomarkers-v${catalog.version}"`, 'cache-control': 'private, max-age=3600' } };
  },
});
