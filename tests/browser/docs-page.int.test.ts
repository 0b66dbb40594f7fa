import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import listPatients from '../../functions/http/patients/list-patients.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { chromiumMissing, openOfflineBrowser } from './chromium.ts';

const missing = chromiumMissing();
if (missing) console.error(`tests/browser skipped: ${missing}`);

describe.skipIf(missing !== null)('the API reference in a browser with no network but the local host', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h?.stop(); });

  it('when /docs is opened, then Redoc renders the operations from the local host alone, with no CSP violation', async () => {
    const browser = await openOfflineBrowser(h.url);
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

      const res = await page.goto(`${h.url}/docs`);
      expect(res?.status()).toBe(200);
      // The patients list operation, rendered from /v1/openapi.json (its summary is the operation's title).
      const operation = page.locator('[id="operation/listPatients"] h2');
      await operation.waitFor({ state: 'visible', timeout: 20_000 });
      expect((await operation.textContent())?.trim()).toBe(listPatients.summary);
      expect(await page.locator('h1').first().textContent()).toMatch(/^KoreVitta API/);
      if (process.env.KV_DOCS_SCREENSHOT) await page.screenshot({ path: process.env.KV_DOCS_SCREENSHOT });

      expect(browser.refused).toEqual([]);
      expect(browser.requested.every((u) => u.startsWith(`${h.url}/`))).toBe(true);
      expect(browser.requested.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(['/docs', '/docs/redoc.standalone.js', '/v1/openapi.json']));
      expect(problems).toEqual([]);

      // The guard is live: a page that asks for another origin is refused and recorded (nothing leaves the machine).
      const probe = await browser.context.newPage();
      await probe.goto('https://cdn.example.invalid/redoc.standalone.js').catch(() => null);
      expect(browser.refused).toEqual(['https://cdn.example.invalid/redoc.standalone.js']);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
