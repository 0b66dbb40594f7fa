/**
 * `npm start`: the whole backend in one process on embedded defaults (PGlite in DATA_DIR, the local
 * queue, the local mailbox). `npm start -- --demo` loads demo data first; `npm run seed` only seeds.
 */
import path from 'node:path';
import { migrate, openDatabase } from '@korevitta/db';
import { createRuntime, loadConfig, ConfigError } from '@korevitta/platform';
import { allFunctions } from '../../../functions/index.ts';
import { startLocalHost } from './local-host.ts';
import { seedDemo } from './demo-seed.ts';
import { localQueueWorkerFactory } from './queue-worker.ts';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const config = loadConfig();
  if (config.isProduction) throw new ConfigError('the local host is for development; in production the Functions host runs the app');
  const dataDir = path.resolve(config.database.dataDir);
  const db = await openDatabase({ url: config.database.url, dataDir: config.database.url ? undefined : path.join(dataDir, 'pglite'), poolMax: config.database.poolMax });
  const report = await migrate(db.migrationTarget);
  if (report.applied.length > 0) console.log(`migrations applied: ${report.applied.join(', ')}`);
  const rt = await createRuntime({ ...config, database: { ...config.database, dataDir } }, { db });

  if (args.has('--demo') || args.has('--seed-only')) {
    const logins = await seedDemo(rt);
    console.log('\nDemo logins (password for all: korevitta-demo-2026):');
    for (const l of logins) console.log(`  ${l.role.padEnd(12)} ${l.email.padEnd(42)} ${l.name}`);
    if (args.has('--seed-only')) {
      await rt.close();
      await db.close();
      return;
    }
  }

  const host = await startLocalHost({ functions: allFunctions, rt, port: config.port, startQueueWorker: localQueueWorkerFactory(rt) });
  console.log(`\nKoreVitta API     ${host.url}`);
  console.log(`API reference     ${host.url}/docs`);
  console.log(`OpenAPI document  ${host.url}/v1/openapi.json`);
  console.log(`Local mailbox     ${host.url}/dev/mailbox`);
  console.log(`Database          ${config.database.url ? 'DATABASE_URL' : `PGlite in ${path.join(dataDir, 'pglite')}`}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await host.stop();
    await rt.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
