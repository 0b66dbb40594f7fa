/**
 * `npm run db:runtime-login -- --login korevitta_api [--entra-object-id <principal id>]`: creates or repairs
 * the application's login on DATABASE_URL (ADR 0002, ADR 0010) and refuses to finish if it has more power
 * than it should. A deploy step after the migrations, run by the same identity (the server's Entra admin).
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../connection.ts';
import { ensureRuntimeLogin, runtimeLoginProblems } from '../runtime-login.ts';

const { values } = parseArgs({ options: { login: { type: 'string' }, 'entra-object-id': { type: 'string' } }, strict: true });
const url = process.env.DATABASE_URL;
if (!url || !values.login) {
  console.error('usage: DATABASE_URL=... npm run db:runtime-login -- --login <role> [--entra-object-id <uuid>]');
  process.exit(2);
}
const db = await openDatabase({ url, poolMax: 1 });
try {
  const report = await ensureRuntimeLogin(db.migrationTarget, { login: values.login, entraObjectId: values['entra-object-id'] });
  const problems = runtimeLoginProblems(report);
  if (problems.length > 0) {
    console.error(`login ${report.login}: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(`login ${report.login}: member of ${report.memberOf.join(', ')}, NOINHERIT, owns nothing${values['entra-object-id'] ? ', mapped to its Entra ID identity' : ''}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
