/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL. In production this is a deploy step of
 * its own, run with the owner login; the app never migrates at start-up there.
 */
import { migrate } from '../migrator.ts';
import { openDatabase } from '../connection.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (the local host migrates its embedded database by itself)');
  process.exit(2);
}
const db = await openDatabase({ url, poolMax: 1, statementTimeoutMs: 10 * 60_000 });
try {
  const report = await migrate(db.migrationTarget);
  console.log(report.applied.length ? `applied: ${report.applied.join(', ')}` : `up to date (${report.alreadyApplied} migrations)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
