import { sql } from 'drizzle-orm';
import type { Tx } from '../tenant.ts';

/**
 * Serialises one kind of change of one practice until the transaction ends (a transaction-level advisory
 * lock: nothing to clean up, and it works for a row that does not exist yet).
 */
export async function lockPractice(tx: Tx, scope: 'branding' | 'growth' | 'billing', professionalId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${scope}), hashtext(${professionalId}))`);
}
