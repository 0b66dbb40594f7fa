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

export interface StartedApp {
  /** Null with --seed-only. */
  host: LocalHost | null;
  databaseLabel: string;
  stop(): Promise<void>;
}

export async function startApp(config: Config, opts: { listener: EarlyListener | null; demo: boolean; seedOnly: boolean }): Promise<StartedApp> {
  const dataDir = path.resolve(config.database.dataDir);
  const pgliteDir = path.join(dataDir, 'pglite');
  const db = await openDatabase({ url: config.database.url, dataDir: config.database.url ? undefined : pgliteDir, poolMax: config.database.poolMax });
  const report = await migrate(db.migrationTarget);
  if (report.applied.length > 0) console.log(`migrations applied: ${report.applied.join(', ')}`);
  const rt = await createRuntime({ ...config, database: { ...config.database, dataDir } }, { db });
  const databaseLabel = config.database.url ? 'DATABASE_URL' : `PGlite in ${pgliteDir}`;

  if (opts.demo || opts.seedOnly) {
    const logins = await seedDemo(rt);
    console.log('\nDemo logins (password for all: korevitta-demo-2026):');
    for (const l of logins) console.log(`  ${l.role.padEnd(12)} ${l.email.padEnd(42)} ${l.name}`);
  }
  if (opts.seedOnly || !opts.listener) {
    await rt.close();
    await db.close();
    return { host: null, databaseLabel, stop: async () => undefined };
  }

  const host = await startLocalHost({ functions: allFunctions, rt, port: config.port, listener: opts.listener, startQueueWorker: localQueueWorkerFactory(rt) });
  return {
    host,
    databaseLabel,
    async stop() {
      await host.stop();
      await rt.close();
      await db.close();
    },
  };
}
