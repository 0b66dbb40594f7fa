import * as v from 'valibot';
import { logIn } from '@korevitta/domain';
import { fromDomainError, identityDeps, registerHttp, tokenResponse } from '@korevitta/platform';
import { Email, Password, TokenPair, problemResponses } from './schemas.ts';

const Body = v.strictObject({ email: Email, password: Password });

export default registerHttp({
  name: 'auth-login',
  operationId: 'login',
  method: 'POST',
  route: 'v1/auth/login',
  summary: 'E-mail and password for an access token and a refresh token',
  tag: 'Identity and access',
  auth: 'public',
  publicReason: 'Logging in is how a token is obtained (throttled per account and address).',
  body: Body,
  requestExample: { email: 'camila@clinica.com.br', password: 'correct horse battery staple' },
  responses: {
    200: {
      description: 'Logged in',
      schema: TokenPair,
      example: { accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6ImtleS0xIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiIwMTkzYTNiMSJ9.c2lnbmF0dXJl', refreshToken: 'yN3kTq8v2mW5xR7pL0aZ4cB9dE6fG1hJ', tokenType: 'Bearer', expiresIn: 900 },
    },
    ...problemResponses,
    401: { description: 'Invalid e-mail or password' },
  },
  handler: async ({ body, rt, locale, requestId, clientIp }) => {
    const result = await logIn(identityDeps(rt), { ...body, clientIp });
    if (!result.ok) {
      rt.log.security(result.error.code === 'AUTH.THROTTLED' ? 'auth.login_throttled' : 'auth.login_failed', { outcome: 'failure' });
      return fromDomainError(result.error, locale, requestId);
    }
    rt.log.security('auth.login_succeeded', { outcome: 'success', actor: result.value.user.id, tenant: result.value.user.professionalId, sessionId: result.value.sessionId });
    return { status: 200, body: await tokenResponse(rt, result.value) };
  },
});
