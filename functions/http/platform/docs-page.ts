import { registerHttp } from '@korevitta/platform';
import { DOCS_SCRIPT_ROUTE } from './docs-script.ts';

/**
 * The readable API reference: Redoc, served by this host (docs-script.ts), reading /v1/openapi.json. The
 * `<redoc spec-url>` element starts it without an inline script; nothing comes from another origin.
 */
export const DOCS_SPEC_URL = '/v1/openapi.json';

/**
 * Scripts, data and images from this host only, and nothing from anywhere else (no font, stylesheet or
 * script of another origin). Redoc's styles are injected at run time by styled-components (no stylesheet
 * file to allow), hence `'unsafe-inline'` for styles only; its search index runs in a blob: worker.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
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
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="${DOCS_SPEC_URL}"></redoc>
<script src="/${DOCS_SCRIPT_ROUTE}"></script>
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
