import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../tenant.ts';
import { billingOperations } from '../schema/index.ts';
import { lockPractice } from './practice-lock.ts';

export type BillingOperationKind = 'customer' | 'checkout' | 'portal';
export interface BillingOperation { id: string; kind: BillingOperationKind; params: Record<string, unknown>; status: 'pending' | 'succeeded' | 'failed'; resultId: string | null; resultUrl: string | null }

/** Serialises billing operations of one practice until the transaction ends (quota count and reuse). */
export const lockBilling = (tx: Tx, professionalId: string) => lockPractice(tx, 'billing', professionalId);

/** Checkout and portal operations started since `since` (the daily quota counts them; retries reuse one). */
export async function countSessionOperations(tx: Tx, professionalId: string, since: Date): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(billingOperations)
    .where(and(eq(billingOperations.professionalId, professionalId), inArray(billingOperations.kind, ['checkout', 'portal']), gte(billingOperations.createdAt, since)));
  return row?.n ?? 0;
}

/** The newest operation of this kind since `since` that has not succeeded, to be retried under its own key. */
export async function findPendingOperation(tx: Tx, professionalId: string, kind: BillingOperationKind, since: Date): Promise<BillingOperation | null> {
  const [row] = await tx.select().from(billingOperations)
    .where(and(eq(billingOperations.professionalId, professionalId), eq(billingOperations.kind, kind), eq(billingOperations.status, 'pending'), gte(billingOperations.createdAt, since)))
    .orderBy(desc(billingOperations.createdAt)).limit(1);
  return row ? { id: row.id, kind: row.kind, params: row.params, status: row.status, resultId: row.resultId, resultUrl: row.resultUrl } : null;
}

export async function insertOperation(tx: Tx, op: { id: string; professionalId: string; kind: BillingOperationKind; params: Record<string, unknown>; requestedBy: string; now: Date }): Promise<void> {
  await tx.insert(billingOperations).values({ id: op.id, professionalId: op.professionalId, kind: op.kind, params: op.params, status: 'pending', requestedBy: op.requestedBy, createdAt: op.now, updatedAt: op.now });
}

export async function completeOperation(tx: Tx, id: string, result: { resultId: string | null; resultUrl: string | null; now: Date }): Promise<void> {
  await tx.update(billingOperations).set({ status: 'succeeded', resultId: result.resultId, resultUrl: result.resultUrl, updatedAt: result.now }).where(eq(billingOperations.id, id));
}
