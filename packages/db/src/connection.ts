import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import type { MigrationTarget } from './migrator.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Drizzle over either driver. Only tenant.ts hands it out, inside a transaction with a role set. */
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly orm: Orm;
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
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(options);
}

function openPostgres(url: string, options: OpenDatabaseOptions): Database {
  const client = postgres(url, {
    max: options.poolMax ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => undefined,
    connection: {
      application_name: 'korevitta',
      statement_timeout: options.statementTimeoutMs ?? 15_000,
    },
  });
  const orm = drizzlePostgres({ client, schema }) as unknown as Orm;
  return {
    kind: 'postgres',
    orm,
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
