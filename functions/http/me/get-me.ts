import * as v from 'valibot';
import { getMe, singleLine } from '@korevitta/domain';
import { fromDomainError, registerHttp, withProfiles } from '@korevitta/platform';
import { Email, PersonName } from '../auth/schemas.ts';
import { Id, Locale, Role, Timezone } from '../shared-schemas.ts';

const Profile = v.strictObject({
  user: v.strictObject({ id: Id, email: Email, role: Role, locale: Locale }),
  professional: v.strictObject({ id: Id, name: PersonName, displayName: v.nullable(singleLine(200)) }),
  patient: v.nullable(v.strictObject({ id: Id, name: PersonName, timezone: Timezone })),
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
    const result = await withProfiles({ rt, auth, requestId }, (deps) => getMe(deps, auth));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: result.value };
  },
});
