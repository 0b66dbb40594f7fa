import { requestUpload } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withUploads } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { UploadBody, UploadTicket } from './photo-schemas.ts';

export default registerHttp({
  name: 'uploads-request',
  operationId: 'requestUpload',
  method: 'POST',
  route: 'v1/uploads',
  summary: 'A short-lived, write-only URL to upload one file (a progress photo, a lab exam or a logo) straight to storage',
  description: 'Per purpose: progress_photo takes image/jpeg, image/png, image/webp or image/heic up to 15 MB; lab_exam also application/pdf, up to 15 MB; '
    + 'logo (professionals only, no patientId) image/png up to 1 MB. SVG is never accepted. A patient uploads only for itself, a professional only for its '
    + 'own patients. PUT the file to `url` with `requestHeaders` before `expiresAt`, then confirm it (e.g. POST /v1/patients/{patientId}/photos); an upload '
    + 'not confirmed within 24 h is deleted. At most 50 upload URLs per user per day. The declared size must fit what is left of the plan\'s storage; confirmation decides again on the real size.',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  body: UploadBody,
  requestExample: { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: 2_400_000, patientId: '0193a0b2-7c1e-7e2a-9d5b-6f4e3c2b1a09' },
  responses: {
    201: { description: 'The upload URL and what to send with it', schema: UploadTicket },
    ...errorResponses,
    403: { description: 'This role cannot upload for this purpose (a patient asking for a logo)' },
    404: { description: 'No such patient (of mine, or myself)' },
    409: { description: "The declared size does not fit the plan's storage (SUBSCRIPTION.LIMIT_REACHED with limit and usage), or past due beyond the grace period" },
    413: { description: "Declared size above the purpose's limit" },
    415: { description: 'Content type not accepted for this purpose' },
    429: { description: 'Daily upload limit reached (Retry-After)' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const result = await withUploads(rt, { auth, requestId, now: rt.clock.now() }, (deps) =>
      requestUpload(deps, progressCallerOf(auth), { purpose: body.purpose, contentType: body.contentType, contentLength: body.contentLength, patientId: body.patientId ?? null }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: { ...result.value, expiresAt: result.value.expiresAt.toISOString() }, headers: { 'cache-control': 'no-store' } };
  },
});
