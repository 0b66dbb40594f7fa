import { readBranding, registerHttp, revisionEtag } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { BrandingBody, toBrandingBody } from './schemas.ts';

export default registerHttp({
  name: 'branding-get',
  operationId: 'getBranding',
  method: 'GET',
  route: 'v1/branding',
  summary: 'Your white label (display name, colours, logo, e-mail signature); the KoreVitta default with revision 0 until you save one',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  responses: {
    200: {
      description: 'The branding patients see',
      schema: BrandingBody,
      headers: ['etag'],
      example: {
        displayName: 'Clínica Vida Leve', primaryColor: '#0B7A5A', accentColor: '#1F4E79', logoUploadId: null, logoUrl: null,
        emailSignature: 'Dra. Ana Souza\nCRN-3 12345', revision: 2, updatedAt: '2026-12-03T12:00:00.000Z',
      },
    },
    401: errorResponses[401],
    403: errorResponses[403],
  },
  handler: async ({ auth, rt, requestId }) => {
    const found = await readBranding(rt, auth, requestId);
    return { status: 200, body: toBrandingBody(found), headers: { etag: revisionEtag(found.branding.revision) } };
  },
});
