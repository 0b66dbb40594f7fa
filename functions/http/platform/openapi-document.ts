import { buildOpenApiDocument, functionTable, registerHttp, type OpenApiDocument } from '@korevitta/platform';
import pkg from '../../../package.json' with { type: 'json' };

/**
 * Built on the first request from the table functions/index.ts published, then kept. Outside production the
 * document also lists the dev-only operations (the local mailbox), which are served there and only there.
 */
const cached = new Map<boolean, OpenApiDocument>();

function document(local: boolean): OpenApiDocument {
  let doc = cached.get(local);
  if (!doc) cached.set(local, (doc = buildOpenApiDocument(functionTable(), { version: pkg.version, includeDevOnly: local })));
  return doc;
}

export default registerHttp({
  name: 'openapi-document',
  operationId: 'openapiDocument',
  method: 'GET',
  route: 'v1/openapi.json',
  summary: 'The OpenAPI 3.1 document of this API',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'The contract itself; it describes the API and holds no data.',
  hidden: true,
  responses: { 200: { description: 'OpenAPI 3.1 document' } },
  handler: async ({ rt }) => ({ status: 200, body: document(!rt.config.isProduction) }),
});
