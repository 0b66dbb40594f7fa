import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, type Database } from '@korevitta/db';

/** The run's migrated database: the shared real Postgres, or this file's own PGlite copy. */
export async function openTestDatabase(options: { poolMax?: number; statementTimeoutMs?: number; onStatement?: (text: string, parameters: readonly unknown[]) => void } = {}): Promise<Database> {
  if (inject('dbMode') === 'postgres') {
    return openDatabase({ url: inject('databaseUrl'), poolMax: options.poolMax ?? 4, statementTimeoutMs: options.statementTimeoutMs, onStatement: options.onStatement });
  }
  const bytes = await readFile(inject('pgliteSnapshot'));
  const pg = new PGlite({ loadDataDir: new Blob([bytes]) });
  return openDatabase({ pglite: pg });
}

export const isRealPostgres = (): boolean => inject('dbMode') === 'postgres';
