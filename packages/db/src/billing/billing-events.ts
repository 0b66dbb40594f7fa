import { eq, sql } from 'drizzle-orm';
import type { Subscription } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow } from '../rows.ts';
import { billingEvents, subscriptions } from '../schema/index.ts';
import { toSubscription } from './subscription-store.ts';

export const BILLING_EVENT_RECEIVED = 'billing.event_received';

export interface IncomingBillingEvent {
  id: string;
  outboxId: string;
  provider: 'stripe' | 'local';
  providerEventId: string;
  type: string;
  occurredAt: Date;
  payload: unknown;
  receivedAt: Date;
  correlationId: string | null;
}

/**
 * Stores a verified provider event once (unique provider event id) and its outbox row, in ONE statement:
 * both or neither, and a redelivered event inserts nothing. Says whether this call stored it.
 */
export async function storeBillingEvent(tx: Tx, e: IncomingBillingEvent): Promise<boolean> {
  const occurred = e.occurredAt.toISOString();
  const received = e.receivedAt.toISOString();
  const row = firstRow<{ stored: boolean }>(await tx.execute(sql`
    with stored as (
      insert into billing_events (id, provider, provider_event_id, type, occurred_at, payload, received_at, created_at, updated_at)
      values (${e.id}::uuid, ${e.provider}, ${e.providerEventId}, ${e.type}, ${occurred}::timestamptz, ${JSON.stringify(e.payload)}::jsonb,
        ${received}::timestamptz, ${received}::timestamptz, ${received}::timestamptz)
      on conflict (provider, provider_event_id) do nothing
      returning id
    ), queued as (
      insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, correlation_id, occurred_at, created_at, updated_at)
      select ${e.outboxId}::uuid, null, 'critical', stored.id::text, ${BILLING_EVENT_RECEIVED}, 1, jsonb_build_object('billingEventId', stored.id),
        ${e.correlationId}, ${received}::timestamptz, ${received}::timestamptz, ${received}::timestamptz
      from stored
      returning 1
    )
    select exists (select 1 from queued) as stored`));
  return row?.stored === true;
}

export interface StoredBillingEvent { id: string; provider: string; type: string; payload: unknown; appliedAt: Date | null }

/** The event, locked until the consumer's transaction ends (two deliveries of one event apply one at a time). */
export async function lockBillingEvent(tx: Tx, id: string): Promise<StoredBillingEvent | null> {
  const [row] = await tx.select({ id: billingEvents.id, provider: billingEvents.provider, type: billingEvents.type, payload: billingEvents.payload, appliedAt: billingEvents.appliedAt })
    .from(billingEvents).where(eq(billingEvents.id, id)).limit(1).for('update');
  return row ?? null;
}

export async function markBillingEventApplied(tx: Tx, id: string, input: { professionalId: string | null; outcome: string; now: Date }): Promise<void> {
  await tx.update(billingEvents).set({ professionalId: input.professionalId, outcome: input.outcome, appliedAt: input.now, updatedAt: input.now }).where(eq(billingEvents.id, id));
}

/** The practice whose provider customer this is, if any. */
export async function practiceOfCustomer(tx: Tx, customerId: string): Promise<string | null> {
  const [row] = await tx.select({ id: subscriptions.professionalId }).from(subscriptions).where(eq(subscriptions.providerCustomerId, customerId)).limit(1);
  return row?.id ?? null;
}

/** The practice's subscription row (created on the free plan if absent), locked until the transaction ends. */
export async function lockSubscription(tx: Tx, professionalId: string, now: Date): Promise<Subscription | null> {
  await tx.insert(subscriptions).values({ professionalId, createdAt: now, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.professionalId, professionalId)).limit(1).for('update');
  return row ? toSubscription(row) : null;
}

export async function saveSubscription(tx: Tx, s: Subscription, now: Date): Promise<void> {
  await tx.update(subscriptions).set({
    planCode: s.planCode, status: s.status, currentPeriodStart: s.currentPeriodStart, currentPeriodEnd: s.currentPeriodEnd, pastDueSince: s.pastDueSince,
    providerCustomerId: s.providerCustomerId, providerSubscriptionId: s.providerSubscriptionId, lastEventAt: s.lastEventAt, revision: s.revision, updatedAt: now,
  }).where(eq(subscriptions.professionalId, s.professionalId));
}

/** Retention: payloads of events applied more than `days` ago are emptied (the row stays: it deduplicates). */
export async function emptyOldBillingPayloads(tx: Tx, now: Date, days = 30, limit = 1000): Promise<number> {
  // Bounded: one batch per call (the caller loops); billing_events_applied_idx finds the next batch.
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const rows = await tx.update(billingEvents).set({ payload: {}, updatedAt: now })
    .where(sql`${billingEvents.id} in (select id from billing_events where applied_at < ${cutoff.toISOString()}::timestamptz and payload <> '{}'::jsonb limit ${limit})`).returning({ id: billingEvents.id });
  return rows.length;
}
