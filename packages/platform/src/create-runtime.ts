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

export interface RuntimeOverrides {
  db?: Database;
  log?: Logger;
  clock?: Runtime['clock'];
  queue?: QueueAdapter;
  mail?: Pick<Runtime, 'mail' | 'mailbox'>;
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
    // Blob storage arrives with uploads (a later issue); until then readiness reports it as not configured.
    probes: { queue: () => queue.probe(), storage: null },
    async close() {
      await queue.queue.close();
      if (ownsDb) await db.close();
    },
  };
}
