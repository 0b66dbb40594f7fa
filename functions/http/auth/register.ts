import * as v from 'valibot';
import { registerProfessional } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp } from '@korevitta/platform';
import { Email, LocaleField, Password } from './schemas.ts';

const Body = v.strictObject({
  email: Email,
  password: Password,
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200)),
  locale: LocaleField,
});
const Registered = v.strictObject({ userId: v.string(), professionalId: v.string() });

export default registerHttp({
  name: 'auth-register',
  method: 'POST',
  route: 'v1/auth/register',
  summary: 'A professional signs up',
  tags: ['identity'],
  auth: 'public',
  body: Body,
  responses: {
    201: { description: 'Account created; log in next', schema: Registered },
    400: { description: 'Invalid data or weak password' },
    409: { description: 'E-mail already registered' },
  },
  handler: async ({ body, rt, locale, requestId }) => {
    const deps = identityDeps(rt);
    const result = await registerProfessional(deps, { ...body, locale: body.locale ?? locale });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    rt.log.security('auth.registered', { outcome: 'success', actor: result.value.userId, tenant: result.value.professionalId });
    return { status: 201, body: result.value, headers: { location: '/v1/me' } };
  },
});
