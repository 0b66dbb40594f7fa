import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase, migrate } from '@korevitta/db';
import { startAzurite } from '@korevitta/local-host';

declare module 'vitest' {
  export interface ProvidedContext {
    dbMode: 'postgres' | 'pglite';
    databaseUrl: string;
    adminDatabaseUrl: string;
    pgliteSnapshot: string;
    /** The run's in-memory Azurite (blob service URL of the development account). */
    blobServiceUrl: string;
  }
}

/**
 * Once per run and project: a fresh, migrated database. On a real Postgres (DATABASE_URL) a new
 * database named for this run; otherwise a migrated PGlite snapshot that each test file loads.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite({ port: 0, location: null });
  project.provide('blobServiceUrl', azurite.serviceUrl);
  const stopDatabase = await setupDatabase(project);
  return async () => {
    await stopDatabase();
    await azurite.close();
  };
}

async function setupDatabase(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.DATABASE_URL;
  const forcePglite = project.name === 'embedded-pglite';
  if (adminUrl && !forcePglite) {
    const name = `kv_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = withDatabase(adminUrl, name);
    const db = await openDatabase({ url, poolMax: 1 });
    await migrate(db.migrationTarget);
    await db.close();
    project.provide('dbMode', 'postgres');
    project.provide('databaseUrl', url);
    project.provide('adminDatabaseUrl', adminUrl);
    project.provide('pgliteSnapshot', '');
    return async () => {
      if (!process.env.KV_TEST_KEEP_DB) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'kv-pglite-'));
  const pg = new PGlite('memory://');
  const db = await openDatabase({ pglite: pg });
  await migrate(db.migrationTarget);
  const dump = await pg.dumpDataDir('none');
  const file = path.join(dir, 'snapshot.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('dbMode', 'pglite');
  project.provide('databaseUrl', '');
  project.provide('adminDatabaseUrl', '');
  project.provide('pgliteSnapshot', file);
  return async () => { await rm(dir, { recursive: true, force: true }); };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
