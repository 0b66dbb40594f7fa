import { fromDomainError, registerHttp, revisionEtag, saveBranding } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { BrandingBody, PutBrandingBody, toBrandingBody } from './schemas.ts';

export default registerHttp({
  name: 'branding-put',
  operationId: 'putBranding',
  method: 'PUT',
  route: 'v1/branding',
  summary: 'Set your white label: colours a patient could not read (below WCAG AA 4.5:1) are refused, naming the pair and the ratio',
  description: 'The first save answers 201, later ones 200. Send the ETag of GET as If-Match to avoid overwriting a change made meanwhile (412). '
    + 'logoUploadId names an upload of purpose logo (POST /v1/uploads): naming it confirms it, so its file must have arrived (409 before), be a PNG '
    + 'by its magic bytes (422) of at most 1 MB (413) and fit the plan\'s storage (409 SUBSCRIPTION.LIMIT_REACHED). A replaced logo is deleted.',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  ifMatch: 'optional',
  body: PutBrandingBody,
  requestExample: { displayName: 'Clínica Vida Leve', primaryColor: '#0B7A5A', accentColor: '#1F4E79', logoUploadId: null, emailSignature: 'Dra. Ana Souza\nCRN-3 12345' },
  responses: {
    201: { description: 'Saved for the first time', schema: BrandingBody, headers: ['etag', 'location'] },
    200: { description: 'Replaced', schema: BrandingBody, headers: ['etag'] },
    ...errorResponses,
    409: { description: "The logo file has not arrived yet, or does not fit the plan's storage (SUBSCRIPTION.LIMIT_REACHED with limit and usage)" },
    412: { description: 'If-Match does not name the current revision' },
    413: { description: 'The logo file is larger than 1 MB (deleted)' },
    422: { description: 'A colour below WCAG AA contrast (one errors[] item per colour, with the pair and the ratio), or a logo file that is not a PNG (deleted)' },
  },
  handler: async ({ body, auth, rt, ifMatch, locale, requestId }) => {
    const result = await saveBranding(rt, auth, { requestId, branding: body, ifMatch });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const etag = revisionEtag(result.value.branding.revision);
    return { status: result.value.created ? 201 : 200, body: toBrandingBody(result.value), headers: result.value.created ? { etag, location: '/v1/branding' } : { etag } };
  },
});
