import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Plan, PlanCode, Subscription } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { rowsOf } from '../rows.ts';
import { patients, plans, subscriptions } from '../schema/index.ts';
import { lockPractice } from './practice-lock.ts';

type Row = typeof subscriptions.$inferSelect;
export const toSubscription = (r: Row): Subscription => ({
  professionalId: r.professionalId, planCode: r.planCode, status: r.status, currentPeriodStart: r.currentPeriodStart, currentPeriodEnd: r.currentPeriodEnd,
  pastDueSince: r.pastDueSince, providerCustomerId: r.providerCustomerId, providerSubscriptionId: r.providerSubscriptionId, lastEventAt: r.lastEventAt, revision: r.revision,
});

const toPlan = (r: typeof plans.$inferSelect): Plan => ({
  code: r.code, name: r.name, version: r.planVersion,
  limits: { activePatients: r.maxActivePatients, storageBytes: r.storageBytes, invitesPerDay: r.invitesPerDay },
});

export async function readPlans(tx: Tx): Promise<Map<PlanCode, Plan>> {
  const rows = await tx.select().from(plans);
  return new Map(rows.map((r) => [r.code, toPlan(r)]));
}

export async function readSubscription(tx: Tx, professionalId: string): Promise<Subscription | null> {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.professionalId, professionalId)).limit(1);
  return row ? toSubscription(row) : null;
}

/** Patients that count against the plan: not archived, not deleted. */
export async function countActivePatients(tx: Tx, professionalId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(patients)
    .where(and(eq(patients.professionalId, professionalId), isNull(patients.deletedAt), ne(patients.status, 'archived')));
  return row?.n ?? 0;
}

/** Bytes the caller's practice stores: its confirmed uploads that still hold their bytes (any role of the tenant; 0090). */
export async function practiceStoredBytes(tx: Tx): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await tx.execute(sql`select app_ctx.practice_stored_bytes() as n`));
  return Number(row?.n ?? 0);
}

/**
 * The caller's practice's plan state for a growth decision, readable by its patients too (a patient's upload
 * counts against the practice's storage): provider ids are left out (null). Null without a subscription row.
 */
export async function readPlanState(tx: Tx, professionalId: string): Promise<Subscription | null> {
  type R = { plan_code: Subscription['planCode']; status: Subscription['status']; past_due_since: Date | string | null; current_period_start: Date | string | null; current_period_end: Date | string | null; last_event_at: Date | string | null; revision: number };
  const [r] = rowsOf<R>(await tx.execute(sql`select * from app_ctx.practice_plan_state()`));
  if (!r) return null;
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    professionalId, planCode: r.plan_code, status: r.status, pastDueSince: at(r.past_due_since), currentPeriodStart: at(r.current_period_start),
    currentPeriodEnd: at(r.current_period_end), lastEventAt: at(r.last_event_at), providerCustomerId: null, providerSubscriptionId: null, revision: r.revision,
  };
}

/** Growth checks of one practice run one at a time until the transaction ends: two creations never both take the last place. */
export const lockGrowth = (tx: Tx, professionalId: string) => lockPractice(tx, 'growth', professionalId);

/** The app role records the provider customer it created (column grants allow nothing else). */
export async function recordProviderCustomer(tx: Tx, professionalId: string, customerId: string, now: Date): Promise<void> {
  // Only the granted columns are named (drizzle would list every column with DEFAULT, which needs their grants).
  const at = now.toISOString();
  await tx.execute(sql`insert into subscriptions (professional_id, provider_customer_id, created_at, updated_at)
    values (${professionalId}::uuid, ${customerId}, ${at}::timestamptz, ${at}::timestamptz)
    on conflict (professional_id) do update set provider_customer_id = excluded.provider_customer_id, updated_at = excluded.updated_at`);
}
