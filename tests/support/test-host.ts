import { allFunctions } from '../../functions/index.ts';
import { startLocalHost, type LocalHost } from '@korevitta/local-host';
import { LocalQueue, setLogSinks, createRuntime, loadConfig, generateSigningKeysJson, type FunctionDefinition, type Runtime } from '@korevitta/platform';
import type { Database } from '@korevitta/db';
import { openTestDatabase } from './database.ts';
import { apiClient, type ApiClient } from './http-client.ts';
import { findLogLeaks } from './log-scan.ts';

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
}

/** A local host on a random port over the run's test database, with a controllable clock. */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const db = await openTestDatabase();
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
  return {
    url: host.url,
    api: apiClient(host.url),
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
      const leaks = findLogLeaks(logs);
      if (leaks.length > 0) throw new Error(`sensitive data in logs: ${leaks.slice(0, 5).join('; ')}`);
    },
  };
}
