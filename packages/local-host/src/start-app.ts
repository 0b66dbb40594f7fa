/**
 * The app behind `npm start`, loaded by main.ts once its socket listens: the database (opened and fully
 * migrated first), the runtime, the demo data when asked, then the functions on that socket.
 */
import path from 'node:path';
import { migrate, openDatabase } from '@korevitta/db';
import { createRuntime, type Config } from '@korevitta/platform';
import { allFunctions } from '../../../functions/index.ts';
import { startLocalHost, type LocalHost } from './local-host.ts';
import { seedDemo } from './demo-seed.ts';
import { localQueueWorkerFactory } from './queue-worker.ts';
import type { EarlyListener } from './early-listener.ts';
import { startAzurite, type LocalAzurite } from './azurite.ts';

export interface StartedApp {
  /** Null with --seed-only. */
  host: LocalHost | null;
  databaseLabel: string;
  storageLabel: string;
  stop(): Promise<void>;
}

export async function startApp(config: Config, opts: { listener: EarlyListener | null; demo: boolean; seedOnly: boolean }): Promise<StartedApp> {
  const dataDir = path.resolve(config.database.dataDir);
  const pgliteDir = path.join(dataDir, 'pglite');
  const db = await openDatabase({ url: config.database.url, dataDir: config.database.url ? undefined : pgliteDir, poolMax: config.database.poolMax });
  const report = await migrate(db.migrationTarget);
  if (report.applied.length > 0) console.log(`migrations applied: ${report.applied.join(', ')}`);
  // Blob storage: the configured service, else Azurite in this process, persisted beside the database.
  const azurite: LocalAzurite | null = config.blob.serviceUrl || opts.seedOnly || !opts.listener
    ? null
    : await startAzurite({ port: config.blob.localPort, location: path.join(dataDir, 'azurite') });
  const blob = azurite ? { ...config.blob, serviceUrl: azurite.serviceUrl, auth: 'emulator' as const } : config.blob;
  const rt = await createRuntime({ ...config, database: { ...config.database, dataDir }, blob }, { db });
  const databaseLabel = config.database.url ? 'DATABASE_URL' : `PGlite in ${pgliteDir}`;
  const storageLabel = azurite ? `Azurite in ${path.join(dataDir, 'azurite')} (${azurite.serviceUrl})` : (blob.serviceUrl ?? 'none');

  if (opts.demo || opts.seedOnly) {
    const logins = await seedDemo(rt);
    console.log('\nDemo logins (password for all: korevitta-demo-2026):');
    for (const l of logins) console.log(`  ${l.role.padEnd(12)} ${l.email.padEnd(42)} ${l.name}`);
  }
  if (opts.seedOnly || !opts.listener) {
    await rt.close();
    await db.close();
    return { host: null, databaseLabel, storageLabel, stop: async () => undefined };
  }

  const host = await startLocalHost({ functions: allFunctions, rt, port: config.port, listener: opts.listener, startQueueWorker: localQueueWorkerFactory(rt) });
  return {
    host,
    databaseLabel,
    storageLabel,
    async stop() {
      await host.stop();
      await rt.close();
      await db.close();
      await azurite?.close();
    },
  };
}
