import { and, eq, gt, sql } from 'drizzle-orm';
import type { InviteRequestLedger } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patientInviteRequests } from '../schema/index.ts';

/**
 * The invite quota ledger. A transaction-scoped advisory lock per professional serialises the
 * count-then-insert of concurrent requests, so a burst can never pass the quota together.
 */
export function createInviteRequestLedger(tx: Tx): InviteRequestLedger {
  const t = patientInviteRequests;
  return {
    async lockAndCount({ professionalId, patientId, since }) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite-quota:${professionalId}`}))`);
      const count = (where: ReturnType<typeof and>) =>
        tx.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${t.requestedAt})::text` }).from(t).where(where);
      const [pro] = await count(and(eq(t.professionalId, professionalId), gt(t.requestedAt, since)));
      const [pat] = await count(and(eq(t.professionalId, professionalId), eq(t.patientId, patientId), gt(t.requestedAt, since)));
      const usage = (r: { n: number; oldest: string | null } | undefined) => ({ count: Number(r?.n ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null });
      return { professional: usage(pro), patient: usage(pat) };
    },
    async record({ id, professionalId, patientId, requestedBy, now }) {
      await tx.insert(t).values({ id, professionalId, patientId, requestedBy, requestedAt: now, createdAt: now, updatedAt: now });
    },
  };
}
