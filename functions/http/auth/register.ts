import * as v from 'valibot';
import { registerProfessional } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp } from '@korevitta/platform';
import { Email, Id, LocaleField, Password, PersonName } from './schemas.ts';

const Body = v.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
  locale: LocaleField,
});
const Registered = v.strictObject({ userId: Id, professionalId: Id });

export default registerHttp({
  name: 'auth-register',
  operationId: 'register',
  method: 'POST',
  route: 'v1/auth/register',
  summary: 'A professional signs up',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'Signing up is how a professional gets an account (throttled, no enumeration).',
  body: Body,
  requestExample: { email: 'camila@clinica.com.br', password: 'correct horse battery staple', name: 'Camila Nutricionista', locale: 'pt-BR' },
  responses: {
    201: {
      description: 'Account created; log in next',
      schema: Registered,
      headers: ['location'],
      example: { userId: '0193a3b1-5f2e-7c4d-9a1b-2c3d4e5f6a7b', professionalId: '0193a3b1-5f2e-7c4d-9a1b-2c3d4e5f6a7c' },
    },
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
