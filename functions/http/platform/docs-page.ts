import { registerHttp } from '@korevitta/platform';

/**
 * The readable API reference: Redoc from jsDelivr, pinned and checked with Subresource Integrity, reading
 * /v1/openapi.json. The `<redoc spec-url>` element starts it without an inline script.
 */
const REDOC_URL = 'https://cdn.jsdelivr.net/npm/redoc@3.0.1/bundles/redoc.standalone.js';
const REDOC_SRI = 'sha384-j07qRKHNNmcwU1/Y1elJc7pDLHXP/QfbQXTtSkbOJ7uYGJikqAzsFVbY2zR9FqOT';
export const DOCS_SPEC_URL = '/v1/openapi.json';

/**
 * Exactly the CDN script; its styles are injected at run time by styled-components (no stylesheet file to
 * allow), hence `'unsafe-inline'` for styles only; the search index runs in a blob: worker.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  `script-src ${REDOC_URL}`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KoreVitta API reference</title>
</head>
<body>
<redoc spec-url="${DOCS_SPEC_URL}"></redoc>
<script src="${REDOC_URL}" integrity="${REDOC_SRI}" crossorigin="anonymous"></script>
</body>
</html>
`;

export default registerHttp({
  name: 'docs-page',
  operationId: 'docsPage',
  method: 'GET',
  route: 'docs',
  summary: 'The API reference page',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'The readable reference of the contract; it holds no data.',
  hidden: true,
  responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  handler: async () => ({ status: 200, raw: { contentType: 'text/html; charset=utf-8', text: HTML }, headers: { 'content-security-policy': DOCS_CSP } }),
});
