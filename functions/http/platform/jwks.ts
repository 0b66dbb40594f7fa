import * as v from 'valibot';
import { token } from '@korevitta/domain';
import { registerHttp } from '@korevitta/platform';

const Base64Url = token(/^[A-Za-z0-9_-]{1,100}$/, 100, 'token');
const Jwk = v.strictObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: Base64Url, y: Base64Url, kid: token(/^[A-Za-z0-9._-]{1,64}$/, 64, 'token'), alg: v.literal('ES256'), use: v.literal('sig') });
const Jwks = v.strictObject({ keys: v.pipe(v.array(Jwk), v.maxLength(20)) });

export default registerHttp({
  name: 'jwks',
  operationId: 'jwks',
  method: 'GET',
  route: '.well-known/jwks.json',
  summary: 'Public keys that verify access tokens (API Management validates with them)',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'Public keys, by definition: the gateway and clients verify access tokens with them.',
  responses: { 200: { description: 'JSON Web Key Set', schema: Jwks } },
  handler: async ({ rt }) => ({ status: 200, body: rt.tokens.jwks() }),
});
