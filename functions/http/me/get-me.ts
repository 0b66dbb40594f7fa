import * as v from 'valibot';
import { getMe } from '@korevitta/domain';
import { createProfileReader, withTenant } from '@korevitta/db';
import { fromDomainError, registerHttp, tenantOf } from '@korevitta/platform';

const Profile = v.strictObject({
  user: v.strictObject({ id: v.string(), email: v.string(), role: v.picklist(['professional', 'patient']), locale: v.picklist(['pt-BR', 'en']) }),
  professional: v.strictObject({ id: v.string(), name: v.string(), displayName: v.nullable(v.string()) }),
  patient: v.nullable(v.strictObject({ id: v.string(), name: v.string(), timezone: v.string() })),
});

export default registerHttp({
  name: 'me-get',
  method: 'GET',
  route: 'v1/me',
  summary: "Who am I: profile and role; for a patient, its professional's branding",
  tags: ['identity'],
  auth: ['professional', 'patient'],
  responses: { 200: { description: 'The caller', schema: Profile }, 401: { description: 'Not authenticated' } },
  handler: async ({ auth, rt, locale, requestId }) => {
    const result = await withTenant(rt.db, tenantOf(auth), (tx) => getMe({ profiles: createProfileReader(tx) }, auth));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: result.value };
  },
});
