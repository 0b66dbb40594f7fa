import { allFunctions } from '../../functions/index.ts';
import { startLocalHost, type LocalHost } from '@korevitta/local-host';
import { LocalQueue, setLogSinks, createRuntime, loadConfig, generateSigningKeysJson, type FunctionDefinition, type Runtime } from '@korevitta/platform';
import type { Database } from '@korevitta/db';
import { openTestDatabase } from './database.ts';
import { apiClient, type ApiClient } from './http-client.ts';
import { findLogLeaks, sensitiveStringsOf } from './log-scan.ts';
import { findDeniedFields, specViolations } from './response-schemas.ts';
import { buildOpenApiDocument } from '@korevitta/platform';
import { inject } from 'vitest';

export interface TestHost {
  url: string;
  api: ApiClient;
  rt: Runtime;
  db: Database;
  host: LocalHost;
  /** Every log line written while this host ran (scanned for leaks). */
  logs: string[];
  /** Private JWKs the host signs with, so tests can forge tokens with our own key. */
  signingKeysJson: string;
  clock: { now(): Date; set(d: Date): void; advance(ms: number): void; reset(): void };
  stop(): Promise<void>;
}

export interface TestHostOptions {
  env?: Record<string, string>;
  extraFunctions?: FunctionDefinition[];
  background?: boolean;
  /** A statement timeout for this host's pool, and a fault to inject around its database (fail-closed tests). */
  database?: { statementTimeoutMs?: number; wrap?: (db: Database) => Database };
  /** Sees every SQL statement the host's database driver sends (real Postgres only). */
  onStatement?: (text: string, parameters: readonly unknown[]) => void;
  /** A database of the test's own (closed by stop()) instead of the run's shared one. */
  ownDatabase?: Database;
}

/** The only places a response may carry a SAS URL: the fields of the operations that hand one out (ADR 0017). */
function signedUrlFieldsOf(method: string, path: string): string[] {
  const route = path.split('?')[0] ?? '';
  if (method === 'POST' && route === '/v1/uploads') return ['url'];
  if (/^\/v1\/patients\/[^/]+\/photos$/.test(route)) return ['thumbnailUrl', 'displayUrl'];
  if (/^\/v1\/patients\/[^/]+\/lab-results(\/[^/]+)?$/.test(route)) return ['documentUrl'];
  if (method === 'GET' && /^\/v1\/data-exports\/[^/]+$/.test(route)) return ['downloadUrl'];
  if (route === '/v1/branding') return ['logoUrl'];
  if (route === '/v1/me') return ['logoUrl'];
  return [];
}

/** A local host on a random port over the run's test database, with a controllable clock. */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const opened = options.ownDatabase ?? await openTestDatabase({
    ...(options.database?.statementTimeoutMs ? { statementTimeoutMs: options.database.statementTimeoutMs } : {}),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  const db = options.database?.wrap ? options.database.wrap(opened) : opened;
  const signingKeysJson = await generateSigningKeysJson('test-key-1');
  const config = loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: '0',
    JWT_PRIVATE_KEYS: signingKeysJson,
    JWT_ISSUER: 'https://auth.korevitta.test',
    JWT_AUDIENCE: 'korevitta-api',
    CORS_ALLOWED_ORIGINS: 'https://app.korevitta.test',
    TRUSTED_PROXY_HOPS: '2',
    // Generous, so that no test trips the general rate limit by accident; the rate-limit tests set their own (ADR 0015).
    RATE_LIMIT_PER_ADDRESS: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    BLOB_SERVICE_URL: inject('blobServiceUrl'),
    BLOB_AUTH: 'emulator',
    ...options.env,
  });
  let offset = 0;
  let fixed: Date | null = null;
  const clock = {
    now: () => (fixed ? new Date(fixed.getTime() + offset) : new Date(Date.now() + offset)),
    set: (d: Date) => { fixed = d; offset = 0; },
    advance: (ms: number) => { offset += ms; },
    reset: () => { fixed = null; offset = 0; },
  };
  const logs: string[] = [];
  const removeSink = setLogSinks([(line) => logs.push(line)]);
  // A namespace of its own, so hosts of parallel test files sharing one Postgres never take each other's messages.
  const queue = new LocalQueue({ db, clock, namespace: `test-${Math.random().toString(36).slice(2)}` });
  const rt = await createRuntime(config, { db, clock, queue: { queue, probe: () => queue.probe(), local: queue } });
  const host = await startLocalHost({ functions: [...allFunctions, ...(options.extraFunctions ?? [])], rt, port: 0, background: options.background ?? false });
  // Every response a test receives is checked against the local OpenAPI document, dev mailbox included (TEST-CATALOG 16).
  const doc = buildOpenApiDocument(allFunctions, { version: 'test', includeDevOnly: true });
  const specProblems: string[] = [];
  const documented = (method: string, path: string) =>
    allFunctions.some((f) => f.kind === 'http' && !f.hidden && f.method === method && new RegExp(`^/${f.route.replace(/\{[^}]+\}/g, '[^/]+')}/?$`).test(path.split('?')[0] ?? ''));
  const observe = (method: string, path: string, res: { status: number; headers: Headers; body: unknown; text: string }) => {
    if (!documented(method, path)) return;
    const found = specViolations(doc, method as 'GET', path.split('?')[0] ?? path, res.status, res.text === '' ? undefined : res.body, { contentType: res.headers.get('content-type') });
    for (const v of found.violations) specProblems.push(`${method} ${path} ${res.status}: ${v}`);
    for (const d of findDeniedFields(res.body, { signedUrlFields: signedUrlFieldsOf(method, path) })) specProblems.push(`${method} ${path} ${res.status}: denied field ${d.pointer} (${d.reason})`);
  };
  // The test's own passwords and health texts (whatever it sent under such keys) join the log scan (44).
  const sent = new Set<string>();
  const observeRequest = (body: unknown) => { sensitiveStringsOf(typeof body === 'string' ? safeJson(body) : body, false, sent); };
  return {
    url: host.url,
    api: apiClient(host.url, observe, observeRequest),
    rt,
    db,
    host,
    logs,
    signingKeysJson,
    clock,
    async stop() {
      await host.stop();
      await rt.close();
      await db.close();
      removeSink();
      // Every host scans what it logged: no token, e-mail, password or control byte may appear (TEST-CATALOG 44).
      const leaks = findLogLeaks(logs, [...sent]);
      if (leaks.length > 0) throw new Error(`sensitive data in logs: ${leaks.slice(0, 5).join('; ')}`);
      if (specProblems.length > 0) throw new Error(`responses outside the OpenAPI document (${specProblems.length}):\n${[...new Set(specProblems)].slice(0, 15).join('\n')}`);
    },
  };
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
