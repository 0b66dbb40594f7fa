import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { registerHttp } from '@korevitta/platform';

/**
 * The reference renderer, Redoc's standalone bundle from the project's own dependency (devDependency
 * `redoc`, pinned): nothing is fetched from outside, so /docs works offline and on closed clinic networks.
 * `npm run build` copies the file beside dist/index.js, which is where the Functions host finds it; from
 * the sources (npm start, tests) it is read from node_modules. Kept in this file: every file of functions/
 * is a function (tests/static/function-table.test.ts).
 */
const REDOC_BUNDLE_FILE = 'redoc.standalone.js';
const PACKAGE_PATH = `redoc/bundles/${REDOC_BUNDLE_FILE}`;

let cached: Promise<string> | undefined;

function redocBundlePath(): string {
  const shipped = fileURLToPath(new URL(`./${REDOC_BUNDLE_FILE}`, import.meta.url));
  return existsSync(shipped) ? shipped : createRequire(import.meta.url).resolve(PACKAGE_PATH);
}

/**
 * The one thing Redoc 2.5 loads from outside is the logo of its "API docs by Redocly" footer; it becomes an
 * empty inline image (the footer's text and link stay). The browser test fails if another request appears.
 */
const REDOCLY_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const EMPTY_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%220%22 height=%220%22/%3E';

/** What the host serves: the bundle without its source-map comment (the map is not served) and without the remote logo. */
function servedRedocBundle(text: string): string {
  return text.replaceAll(REDOCLY_LOGO, EMPTY_IMAGE).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

/** The served bundle's text, read once. */
function redocBundle(): Promise<string> {
  cached ??= readFile(redocBundlePath(), 'utf8')
    .then(servedRedocBundle)
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}

export const DOCS_SCRIPT_ROUTE = 'docs/redoc.standalone.js';

export default registerHttp({
  name: 'docs-script',
  operationId: 'docsScript',
  method: 'GET',
  route: DOCS_SCRIPT_ROUTE,
  summary: 'The script of the API reference page (Redoc, served by this host)',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'The script of the public API reference page; it holds no data.',
  hidden: true,
  responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
  handler: async () => ({
    status: 200,
    raw: { contentType: 'text/javascript; charset=utf-8', text: await redocBundle() },
    headers: { 'cache-control': 'public, max-age=3600' },
  }),
});
