/**
 * The scratch database and the timer shared by the standalone job benchmarks (generate-daily-tasks,
 * sweep-checkins, risk-recalculation): a fresh database on the admin server, opened as the app opens it,
 * dropped at the end unless KV_BENCH_KEEP_DB is set.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '@korevitta/db';

export interface ScratchDatabase { name: string; url: string; db: Database; close(): Promise<void> }

export async function openScratchDatabase(prefix: string, options: { adminUrl: string; statementTimeoutMs?: number }): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolMax: 2, statementTimeoutMs: options.statementTimeoutMs ?? 10 * 60_000 });
  return {
    name,
    url: url.toString(),
    db,
    async close() {
      await db.close();
      if (!process.env.KV_BENCH_KEEP_DB) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      else console.log(`kept database ${name}`);
      await admin.end();
    },
  };
}

export const seconds = (ms: number) => (ms / 1000).toFixed(2);

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  console.log(`${label}: ${seconds(ms)} s`);
  return { value, ms };
}
