import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsDatabase, PostgresJsSession } from 'drizzle-orm/postgres-js';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import type { MigrationTarget } from './migrator.ts';
import * as schema from './schema/index.ts';
import { pipelinedTransaction } from './pipelined-transaction.ts';

export type Schema = typeof schema;
/** Drizzle over either driver. Only tenant.ts hands it out, inside a transaction with a role set. */
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;

/** The per-transaction settings a tenant or system transaction starts with (see tenant.ts). */
export interface TransactionSettings {
  role: 'korevitta_app' | 'korevitta_system';
  userId: string;
  appRole: string;
  professionalId: string;
  patientId: string;
  /**
   * The access token's session (ADR 0014): when set, the transaction first checks, as the RLS-bound role,
   * that the session is live and its account, tenant and patient record still stand, and throws
   * SessionEndedError otherwise. On postgres.js the check is pipelined behind the settings statement, so
   * it adds no round trip once both statements are prepared on the connection.
   */
  sessionId?: string | undefined;
}

/** The access token's session was revoked, or its account, tenant or patient record is gone (ADR 0014). */
export class SessionEndedError extends Error {
  constructor() {
    super('session ended');
    this.name = 'SessionEndedError';
  }
}

/**
 * The session check (migration 0091): app_ctx.assert_session_live raises SQLSTATE KV401 unless the session
 * is not revoked, its user is neither disabled nor deleted, the professional (tenant) is not deleted, and a
 * patient's own record is neither deleted nor archived. Raised on the server, it aborts the transaction
 * there, so nothing queued behind it on the same write can return data (ADR 0025).
 */
const SESSION_ENDED = 'KV401';
const SESSION_CHECK = 'select app_ctx.assert_session_live($1::uuid)';
const sessionEnded = (e: unknown): never => {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  throw err?.code === SESSION_ENDED || err?.cause?.code === SESSION_ENDED ? new SessionEndedError() : e;
};

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly orm: Orm;
  /**
   * One transaction that first applies `settings` with set_config(..., true), then runs `fn`. On postgres.js
   * the settings statement and every query inside are prepared (parsed and planned once per connection).
   */
  transaction<T>(settings: TransactionSettings, fn: (tx: Orm) => Promise<T>): Promise<T>;
  readonly migrationTarget: MigrationTarget;
  /** Checks the database answers (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A real Postgres (postgres://...). Without it, PGlite runs embedded. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  /** Reuse a PGlite instance (tests load a migrated snapshot into it). */
  pglite?: PGlite | undefined;
  poolMax?: number | undefined;
  statementTimeoutMs?: number | undefined;
  /**
   * Called for each new connection instead of the URL's password: an Entra ID token provider in Azure
   * (ADR 0010). Without it, the URL's password (or none) is used, as locally and in CI.
   */
  password?: (() => Promise<string>) | undefined;
  /** Told why `password` failed (the connection attempt then fails with SQLSTATE 28P01). */
  onPasswordError?: ((error: unknown) => void) | undefined;
  /**
   * Told of every statement the driver sends (postgres.js `debug`), transaction control included: the
   * per-request statement guard counts through it (TEST-CATALOG P3). Real Postgres only.
   */
  onStatement?: ((text: string, parameters: readonly unknown[]) => void) | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(options);
}

function openPostgres(url: string, options: OpenDatabaseOptions): Database {
  const client = postgres(url, {
    ...(options.password ? { password: neverRejecting(options.password, options.onPasswordError) } : {}),
    max: options.poolMax ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => undefined,
    ...(options.onStatement ? { debug: (_connection: number, text: string, parameters: unknown[]) => options.onStatement?.(text, parameters) } : {}),
    connection: {
      application_name: 'korevitta',
      statement_timeout: options.statementTimeoutMs ?? 15_000,
    },
  });
  const orm = drizzlePostgres({ client, schema }) as unknown as Orm;
  const dialect = new PgDialect();
  return {
    kind: 'postgres',
    orm,
    transaction: <T>(settings: TransactionSettings, fn: (tx: Orm) => Promise<T>) =>
      pipelinedTransaction(client, {
        // Queued behind BEGIN on the same write, the callback's first statements right behind them; the server
        // runs them in order (the check sees the role, the callback sees the settings and a live session).
        opening: async (pg) => {
          const applied = pg`select set_config('role', ${settings.role}, true), set_config('app.user_id', ${settings.userId}, true),
            set_config('app.role', ${settings.appRole}, true), set_config('app.professional_id', ${settings.professionalId}, true),
            set_config('app.patient_id', ${settings.patientId}, true)`;
          if (!settings.sessionId) {
            await applied;
            return;
          }
          await Promise.all([applied, pg.unsafe(SESSION_CHECK, [settings.sessionId], { prepare: true }).catch(sessionEnded)]);
        },
      // A session over this transaction's connection (drizzle's own transaction would not let us prepare).
      }, (pg) => fn(new PostgresJsDatabase(dialect, new PostgresJsSession(preparing(pg) as unknown as postgres.Sql, dialect, undefined), undefined) as unknown as Orm)),
    migrationTarget: {
      async transaction(fn) {
        await client.begin(async (tx) => {
          await fn({
            exec: async (text) => { await tx.unsafe(text); },
            query: async <T>(text: string, params: unknown[] = []) =>
              (await tx.unsafe(text, params as never[])) as unknown as T[],
          });
        });
      },
    },
    async ping() { await client`select 1`; },
    async close() { await client.end({ timeout: 5 }); },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? 'memory://';
  // PGlite creates only the last folder of its path; a fresh clone has no .data/ yet.
  if (!options.pglite && !dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const pg = options.pglite ?? new PGlite(dataDir);
  await pg.waitReady;
  const orm = drizzlePglite({ client: pg, schema }) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    transaction: <T>(settings: TransactionSettings, fn: (tx: Orm) => Promise<T>) =>
      orm.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${settings.role}, true), set_config('app.user_id', ${settings.userId}, true),
          set_config('app.role', ${settings.appRole}, true), set_config('app.professional_id', ${settings.professionalId}, true),
          set_config('app.patient_id', ${settings.patientId}, true)`);
        if (settings.sessionId) await tx.execute(sql`select app_ctx.assert_session_live(${settings.sessionId}::uuid)`).catch(sessionEnded);
        return fn(tx as unknown as Orm);
      }),
    migrationTarget: {
      async transaction(fn) {
        await pg.transaction(async (tx) => {
          await fn({
            exec: async (text) => { await tx.exec(text); },
            query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
          });
        });
      },
    },
    async ping() { await pg.query('select 1'); },
    async close() { if (!pg.closed) await pg.close(); },
  };
}

/**
 * postgres.js calls the password function from an authentication handler whose promise nobody awaits: a
 * rejection there is an unhandled rejection (which ends a Node process) and the attempt hangs until
 * connect_timeout. So a failure is reported and answered with an empty password, which the server refuses
 * at once (28P01), and the query fails like any failed login.
 */
function neverRejecting(password: () => Promise<string>, onError: ((error: unknown) => void) | undefined): () => Promise<string> {
  return () => password().catch((error: unknown) => {
    onError?.(error);
    return '';
  });
}

/**
 * Drizzle sends its queries unprepared unless each is named; inside our transactions every query text is
 * a fixed shape, so let postgres.js prepare them all (cached per connection by text).
 */
function preparing(pg: postgres.TransactionSql): postgres.TransactionSql {
  return new Proxy(pg, {
    get(target, prop, receiver) {
      // A nested drizzle transaction asks for `begin`: inside a transaction that is a savepoint.
      if (prop === 'begin') return (fn: (sql: postgres.TransactionSql) => unknown) => target.savepoint((sp) => fn(preparing(sp)));
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never[], { ...options, prepare: true });
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
