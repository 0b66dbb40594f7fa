import { buildOpenApiDocument, functionTable, registerHttp, type OpenApiDocument } from '@korevitta/platform';
import pkg from '../../../package.json' with { type: 'json' };

/** Built on the first request from the table functions/index.ts published, then kept. */
let cached: OpenApiDocument | undefined;

function document(): OpenApiDocument {
  cached ??= buildOpenApiDocument(functionTable(), { version: pkg.version });
  return cached;
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
  handler: async () => ({ status: 200, body: document() }),
});
