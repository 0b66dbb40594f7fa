import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';

const Jwk = v.strictObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: v.string(), y: v.string(), kid: v.string(), alg: v.literal('ES256'), use: v.literal('sig') });
const Jwks = v.strictObject({ keys: v.array(Jwk) });

export default registerHttp({
  name: 'jwks',
  method: 'GET',
  route: '.well-known/jwks.json',
  summary: 'Public keys that verify access tokens (API Management validates with them)',
  tags: ['platform'],
  auth: 'public',
  responses: { 200: { description: 'JSON Web Key Set', schema: Jwks } },
  handler: async ({ rt }) => ({ status: 200, body: rt.tokens.jwks() }),
});
