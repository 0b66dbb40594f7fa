import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's migrations folder (ordered SQL files; never edit one that has landed). */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** The minimal raw access the migrator needs, implemented by both drivers. */
export interface MigrationSession {
  exec(sqlText: string): Promise<void>;
  query<T>(sqlText: string, params?: unknown[]): Promise<T[]>;
}
export interface MigrationTarget {
  transaction(fn: (session: MigrationSession) => Promise<void>): Promise<void>;
}

export interface MigrationFile { name: string; sql: string; checksum: string; asLogin: boolean }

export interface MigrationReport { applied: string[]; alreadyApplied: number }

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return {
        name,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
        asLogin: sql.includes('-- migrate:as-login'),
      };
    }),
  );
}

const LOCK_KEY = 7_301_001; // pg_advisory_xact_lock key reserved for migrations

/**
 * Applies pending migrations, one transaction each, under an advisory lock so that two
 * migrators never interleave. A landed migration whose file changed is refused (checksum).
 */
export async function migrate(target: MigrationTarget, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const files = await readMigrations(dir);
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  let landed = new Map<string, string>();
  await target.transaction(async (s) => {
    await s.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await s.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await s.query<{ name: string; checksum: string }>('SELECT name, checksum FROM public.schema_migrations');
    landed = new Map(rows.map((r) => [r.name, r.checksum]));
  });
  // A restart on an up-to-date database: one transaction instead of one per file (the local host's warm start).
  if (files.every((f) => landed.get(f.name) === f.checksum)) return { applied: [], alreadyApplied: files.length };
  for (const file of files) {
    await target.transaction(async (s) => {
      await s.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const done = await s.query<{ checksum: string }>('SELECT checksum FROM public.schema_migrations WHERE name = $1', [file.name]);
      const existing = done[0];
      if (existing) {
        if (existing.checksum !== file.checksum) {
          throw new Error(`migration ${file.name} changed after it was applied (checksum mismatch); add a new migration instead`);
        }
        report.alreadyApplied += 1;
        return;
      }
      if (!file.asLogin) await s.exec('SET LOCAL ROLE korevitta_owner');
      await s.exec(file.sql);
      if (!file.asLogin) await s.exec('RESET ROLE');
      await s.query('INSERT INTO public.schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
      report.applied.push(file.name);
    });
  }
  return report;
}
