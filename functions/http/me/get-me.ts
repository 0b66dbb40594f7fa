import * as v from 'valibot';
import { getMe, singleLine } from '@korevitta/domain';
import { createProfileReader, withTenant } from '@korevitta/db';
import { fromDomainError, readBranding, registerHttp, tenantOf } from '@korevitta/platform';
import { BrandingBody } from '../branding/schemas.ts';
import { Email, PersonName } from '../auth/schemas.ts';
import { Id, Locale, Role, Timezone } from '../shared-schemas.ts';

const Profile = v.strictObject({
  user: v.strictObject({ id: Id, email: Email, role: Role, locale: Locale }),
  professional: v.strictObject({ id: Id, name: PersonName, displayName: v.nullable(singleLine(200)) }),
  patient: v.nullable(v.strictObject({ id: Id, name: PersonName, timezone: Timezone })),
  /** The practice's white label (a patient sees its professional's); KoreVitta's default until one is saved. */
  branding: v.pick(BrandingBody, ['displayName', 'primaryColor', 'accentColor', 'logoUrl', 'emailSignature']),
});

export default registerHttp({
  name: 'me-get',
  operationId: 'getMe',
  method: 'GET',
  route: 'v1/me',
  summary: "Who am I: profile and role; for a patient, its professional's branding",
  tag: 'Identity and access',
  auth: ['professional', 'patient'],
  responses: { 200: { description: 'The caller', schema: Profile }, 401: { description: 'Not authenticated' } },
  handler: async ({ auth, rt, locale, requestId }) => {
    const result = await withTenant(rt.db, tenantOf(auth), (tx) => getMe({ profiles: createProfileReader(tx) }, auth));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const { branding: b, logoUrl } = await readBranding(rt, auth, requestId);
    const branding = { displayName: b.displayName, primaryColor: b.primaryColor, accentColor: b.accentColor, logoUrl, emailSignature: b.emailSignature };
    return { status: 200, body: { ...result.value, branding } };
  },
});
