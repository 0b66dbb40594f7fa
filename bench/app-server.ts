/**
 * Child process of `npm run bench`: the real local host (every function in functions/index.ts) over the
 * bench database, on a random port. Reports its URL over IPC and stops on a "stop" message, so a
 * `--cpu-prof` run writes its profile on a clean exit.
 */
import { openDatabase } from '@korevitta/db';
import { createRuntime, loadConfig } from '@korevitta/platform';
import { startLocalHost } from '@korevitta/local-host';
import { allFunctions } from '../functions/index.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const databaseUrl = env('BENCH_DATABASE_URL');
  const poolMax = Number(process.env.BENCH_POOL_MAX ?? '10');
  const db = await openDatabase({ url: databaseUrl, poolMax });
  const config = loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: String(poolMax),
    JWT_PRIVATE_KEYS: env('BENCH_JWT_PRIVATE_KEYS'),
    JWT_ISSUER: env('BENCH_JWT_ISSUER'),
    JWT_AUDIENCE: env('BENCH_JWT_AUDIENCE'),
    CORS_ALLOWED_ORIGINS: 'https://app.korevitta.test',
    TRUSTED_PROXY_HOPS: '2',
    // The limiter still counts every request (its cost is measured) but never refuses the load generator,
    // which sends everything from one address with a handful of tokens (ADR 0015).
    RATE_LIMIT_PER_ADDRESS: '10000000',
    RATE_LIMIT_PER_USER: '10000000',
  });
  const rt = await createRuntime(config, { db });
  const host = await startLocalHost({ functions: allFunctions, rt, port: 0, background: false });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.stop();
    await rt.close();
    await db.close();
    process.exit(0);
  };
  process.on('message', (m) => { if (m === 'stop') void stop(); });
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'ready', url: host.url.replace('localhost', '127.0.0.1') });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
