import { openDatabase, type Database } from '@korevitta/db';
import type { Config } from './config.ts';
import type { Runtime } from './runtime.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { accessTokensFor } from './auth/signing-keys.ts';
import { createPasswordHasher } from './auth/passwords.ts';
import { buildMail, buildQueue } from './runtime-adapters.ts';
import type { QueueAdapter } from './queue/create-queue.ts';
import { startTelemetry } from './observability/telemetry.ts';
import { databasePasswordFor } from './database/database-password.ts';
import { createAzureBlobStore, type AzureBlobStore } from './storage/azure-blob-store.ts';

export interface RuntimeOverrides {
  db?: Database;
  log?: Logger;
  clock?: Runtime['clock'];
  queue?: QueueAdapter;
  mail?: Pick<Runtime, 'mail' | 'mailbox'>;
  blobs?: AzureBlobStore | null;
}

/** The blob store the config names; on the emulator its containers (and browser CORS) are made sure of. */
async function buildBlobs(config: Config): Promise<AzureBlobStore | null> {
  if (!config.blob.serviceUrl) return null;
  const blobs = createAzureBlobStore({ serviceUrl: config.blob.serviceUrl, auth: config.blob.auth });
  if (config.blob.auth === 'emulator') await blobs.ensureContainers(config.http.corsAllowedOrigins);
  return blobs;
}

/** Builds the process's runtime from the parsed config; tests pass their own database and clock. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  await startTelemetry(config);
  const log = overrides.log ?? createLogger(config.logLevel === 'silent' ? 'silent' : config.logLevel);
  const ownsDb = !overrides.db;
  const db = overrides.db ?? await openDatabase({
    url: config.database.url,
    dataDir: config.database.dataDir,
    poolMax: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    ...(await databasePasswordFor(config.database, log)),
  });
  const clock = overrides.clock ?? { now: () => new Date() };
  const [tokens, queue] = await Promise.all([accessTokensFor(config), overrides.queue ?? buildQueue(config, db, clock)]);
  const mail = overrides.mail ?? await buildMail(config, log);
  const blobs = overrides.blobs !== undefined ? overrides.blobs : await buildBlobs(config);
  const passwords = createPasswordHasher();
  await passwords.ready;
  return {
    config,
    db,
    log,
    clock,
    queue: queue.queue,
    localQueue: queue.local,
    mail: mail.mail,
    mailbox: mail.mailbox,
    tokens,
    passwords,
    blobs,
    probes: { queue: () => queue.probe(), storage: blobs ? () => blobs.probe() : null },
    async close() {
      await queue.queue.close();
      if (ownsDb) await db.close();
    },
  };
}
