import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '@korevitta/db';
import type { Config } from './config.ts';
import type { Logger } from './observability/logger.ts';
import type { QueueSender } from './queue/sender.ts';
import type { LocalQueue } from './queue/local-queue.ts';
import type { Mailer } from './mail/port.ts';
import type { AccessTokens } from './auth/access-tokens.ts';
import type { PasswordHasher } from './auth/passwords.ts';
import type { LocalMailbox } from './mail/local-mailbox.ts';
import type { BlobStore } from '@korevitta/domain';

/**
 * Everything a function needs, built once per process from the config (or by a test with its own
 * database and clock). Handlers receive it as an argument; nothing reaches for a module singleton.
 */
export interface Runtime {
  config: Config;
  db: Database;
  log: Logger;
  clock: { now(): Date };
  queue: QueueSender;
  /** The Postgres-backed local queue when QUEUE_DRIVER=local (the local host runs a worker over it). */
  localQueue: LocalQueue | null;
  mail: Mailer;
  tokens: AccessTokens;
  passwords: PasswordHasher;
  /** The local mailbox (local mode only), read by the dev mailbox routes and tests. */
  mailbox: LocalMailbox | null;
  /** Blob storage (Azure Storage or Azurite, ADR 0017); null when none is configured. */
  blobs: BlobStore | null;
  /** Readiness probes of the queue and blob storage (the database has db.ping). */
  probes: { queue(): Promise<void>; storage: (() => Promise<void>) | null };
  close(): Promise<void>;
}

let current: Promise<Runtime> | undefined;
let factory: (() => Promise<Runtime>) | undefined;

/** The process entry (functions/index.ts or the local host) says how to build the runtime. */
export function setRuntimeFactory(build: () => Promise<Runtime>): void {
  factory = build;
  current = undefined;
}

/** Tests and the local host install a runtime they built themselves; the result restores the previous one. */
export function setRuntime(rt: Runtime): () => void {
  const previous = current;
  current = Promise.resolve(rt);
  return () => { current = previous; };
}

const scoped = new AsyncLocalStorage<Runtime>();

/**
 * Runs `fn` (and everything it schedules) against `rt`: the local host scopes its requests, timers and
 * queue worker this way, so several hosts in one process (tests) never serve with each other's runtime.
 */
export function runWithRuntime<T>(rt: Runtime, fn: () => T): T {
  return scoped.run(rt, fn);
}

export function getRuntime(): Promise<Runtime> {
  const inScope = scoped.getStore();
  if (inScope) return Promise.resolve(inScope);
  if (!current) {
    if (!factory) throw new Error('runtime factory not set: import functions/index.ts or start the local host');
    current = factory().catch((error: unknown) => {
      current = undefined;
      throw error;
    });
  }
  return current;
}
