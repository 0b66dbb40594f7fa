import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import postgres from 'postgres';
import { migrate, openDatabase, type Database, type OpenDatabaseOptions } from '@korevitta/db';
import { withDatabase } from './global-setup.ts';

export interface PrivateDatabase {
  /** A superuser connection to it (seeding, DDL, EXPLAIN), outside RLS. */
  admin: postgres.Sql;
  open(options?: Omit<OpenDatabaseOptions, 'url'>): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A migrated database of one test file's own (real Postgres only), for what must not touch the run's shared
 * database: bulk data that would slow every other file, or DDL such as dropping an index.
 */
export async function createPrivateDatabase(): Promise<PrivateDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `kv_private_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const server = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await server.unsafe(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const migrator = await openDatabase({ url, poolMax: 1 });
  await migrate(migrator.migrationTarget);
  await migrator.close();
  const admin = postgres(url, { max: 2, onnotice: () => undefined });
  return {
    admin,
    open: (options = {}) => openDatabase({ ...options, url }),
    async drop() {
      await admin.end();
      await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.end();
    },
  };
}
