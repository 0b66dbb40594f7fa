import type { sql } from 'drizzle-orm';
import { rowsOf, withTenant, type Database, type TenantContext } from '@korevitta/db';

/** Runs `q` as the tenant (RLS-bound app role) and returns the SQLSTATE it failed with, or 'ok'. */
export async function attemptAsTenant(db: Database, ctx: TenantContext, q: ReturnType<typeof sql>): Promise<string> {
  try {
    await withTenant(db, ctx, (tx) => tx.execute(q));
    return 'ok';
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code ?? 'error';
  }
}

/** `select count(*)::int as n …` as the tenant. */
export const countAsTenant = async (db: Database, ctx: TenantContext, q: ReturnType<typeof sql>): Promise<number> =>
  withTenant(db, ctx, async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(q))[0]?.n));
