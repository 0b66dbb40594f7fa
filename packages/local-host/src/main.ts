/**
 * `npm start`: the whole backend in one process on embedded defaults (PGlite in DATA_DIR, the local
 * queue, the local mailbox). `npm start -- --demo` loads demo data first; `npm run seed` only seeds.
 *
 * It listens before it loads the app (ADR 0012): this file imports only the config and the socket, so
 * `GET /health` answers within a second while the app loads and the database opens and migrates; every
 * other request waits for that and is then served.
 */
import { ConfigError, loadConfig } from '@korevitta/platform/boot';
import { listenEarly } from './early-listener.ts';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const config = loadConfig();
  if (config.isProduction) throw new ConfigError('the local host is for development; in production the Functions host runs the app');
  const seedOnly = args.has('--seed-only');
  const listener = seedOnly ? null : await listenEarly({ port: config.port });
  if (listener) console.log(`Listening on ${listener.url} (GET /health answers; the API follows once the database is migrated)`);

  let stopApp: (() => Promise<void>) | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await stopApp?.();
    await listener?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const { startApp } = await import('./start-app.ts');
  const app = await startApp(config, { listener, demo: args.has('--demo'), seedOnly });
  stopApp = app.stop;
  if (!app.host) return;
  const url = app.host.url;
  console.log(`\nKoreVitta API     ${url}`);
  console.log(`API reference     ${url}/docs`);
  console.log(`OpenAPI document  ${url}/v1/openapi.json`);
  console.log(`Local mailbox     ${url}/dev/mailbox`);
  console.log(`Database          ${app.databaseLabel}`);
  console.log(`Blob storage      ${app.storageLabel}`);
  console.log(`Ready ${process.uptime().toFixed(1)} s after start. Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
