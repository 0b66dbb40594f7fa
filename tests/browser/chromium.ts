import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install -y chromium`), which .ci/run installs; CHROMIUM_PATH names another
 * Chromium-based browser (the GitHub workflow uses the runner's Chrome). Playwright never downloads one.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the browser tests cannot run on this machine, or null when they can. In CI a missing browser is a failure. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const why = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (README, "Tests") to run the browser tests`;
  if (process.env.CI) throw new Error(`${why}; .ci/run installs it, so CI never skips them`);
  return why;
}

export interface OfflineBrowser {
  context: BrowserContext;
  /** Every URL the pages asked for, in order (the local host's and the refused ones). */
  requested: string[];
  /** The URLs refused because they were not on the local host. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile whose pages may reach only `origin`: every other request is
 * aborted and recorded, so a test can assert that the page asked for nothing else.
 */
export async function openOfflineBrowser(origin: string): Promise<OfflineBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'kv-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const requested: string[] = [];
  const refused: string[] = [];
  const allowed = new URL(origin).origin;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).origin === allowed) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    requested,
    refused,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
