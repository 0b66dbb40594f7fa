import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';

/**
 * The discovery document API Management's validate-jwt reads (`<openid-config url=...>`): it names our
 * issuer and where our JWKS is, so the gateway follows key rotation by itself (ADR 0009). Only the two
 * fields a verifier needs: we are not an OpenID provider and issue no ID tokens.
 */
const Discovery = v.strictObject({
  issuer: v.pipe(v.string(), v.maxLength(300), v.url()),
  jwks_uri: v.pipe(v.string(), v.maxLength(300), v.url()),
});

export default registerHttp({
  name: 'openid-configuration',
  operationId: 'openidConfiguration',
  method: 'GET',
  route: '.well-known/openid-configuration',
  summary: 'Issuer and JWKS location of our access tokens (API Management validates with them)',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'The discovery document of our token issuer, by definition public: the gateway finds the signing keys through it.',
  responses: { 200: { description: 'Discovery document (issuer, jwks_uri)', schema: Discovery } },
  handler: async ({ rt }) => {
    const issuer = rt.config.jwt.issuer;
    return {
      status: 200,
      body: { issuer, jwks_uri: `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json` },
      headers: { 'cache-control': 'public, max-age=300' },
    };
  },
});
