import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';

export interface SeededTenant { ctx: TenantContext; patientIds: string[] }

/** A professional with a login and `patients` patients, written on the system handle. */
export async function seedTenant(db: Database, patients = 3): Promise<SeededTenant> {
  const professionalId = ids.newId();
  const userId = ids.newId();
  const patientIds = Array.from({ length: patients }, () => ids.newId());
  await withSystemBypass(db, 'test seed', async (tx) => {
    await tx.execute(sql`insert into professionals (id, name) values (${professionalId}, 'Tenant')`);
    await tx.execute(sql`insert into users (id, professional_id, role, email, email_normalized, password_hash)
      values (${userId}, ${professionalId}, 'professional', ${`${userId}@example.com`}, ${`${userId}@example.com`}, 'x')`);
    for (const id of patientIds) {
      await tx.execute(sql`insert into patients (id, professional_id, name, email) values (${id}, ${professionalId}, 'Paciente', ${`${id}@example.com`})`);
    }
  });
  return { ctx: { userId, role: 'professional', professionalId, patientId: null }, patientIds };
}

/** Runs raw SQL in a transaction as the app role with arbitrary (possibly malformed) settings. */
export async function asAppWithSettings<T>(db: Database, settings: Record<string, string>, query: ReturnType<typeof sql>): Promise<T[]> {
  return db.orm.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'korevitta_app', true)`);
    for (const [k, v] of Object.entries(settings)) await tx.execute(sql`select set_config(${k}, ${v}, true)`);
    return rowsOf<T>(await tx.execute(query));
  });
}
