import { fromDomainError, readMe, registerHttp, revisionEtag } from '@korevitta/platform';
import { Me } from './schemas.ts';

export default registerHttp({
  name: 'me-get',
  operationId: 'getMe',
  method: 'GET',
  route: 'v1/me',
  summary: "Who am I: profile and role; for a patient, its professional's branding",
  tag: 'Identity and access',
  auth: ['professional', 'patient'],
  responses: { 200: { description: 'The caller (ETag: the account revision, for If-Match on PATCH)', schema: Me, headers: ['etag'] }, 401: { description: 'Not authenticated' } },
  handler: async ({ auth, rt, locale, requestId }) => {
    // Profile and branding in one transaction, read together (issue 9).
    const result = await readMe(rt, auth, requestId);
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const { profile, branding: { branding: b, logoUrl } } = result.value;
    const branding = { displayName: b.displayName, primaryColor: b.primaryColor, accentColor: b.accentColor, logoUrl, emailSignature: b.emailSignature };
    return { status: 200, body: { ...profile, branding }, headers: { etag: revisionEtag(profile.revision) } };
  },
});
