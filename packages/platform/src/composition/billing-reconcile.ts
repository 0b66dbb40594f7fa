import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import type { Runtime } from '../runtime.ts';
import { RECONCILED_SUBSCRIPTION } from '../billing/provider-events.ts';
import { billingProviderOf } from './billing-sessions.ts';
import { ingestBillingEvent } from './billing-webhook.ts';

/** Message on the `critical` queue (billing, DESIGN.md §7): reconcile one practice's subscription with the provider. */
export const BILLING_RECONCILE_REQUESTED = 'billing.reconcile_requested';
export const RECONCILE_SUBSCRIPTION_CONSUMER = 'reconcile-subscription';

const PAGE = 500;

/**
 * The daily timer's half: one message per practice that has a provider customer, keyed by practice and day (a
 * second run the same day collapses on the message id). Keyset pages of 500. `professionalIds` restricts it (tests
 * on a shared database).
 */
export async function requestSubscriptionReconciliation(rt: Runtime, input: { now: Date; professionalIds?: readonly string[] }): Promise<number> {
  const day = input.now.toISOString().slice(0, 10);
  const { subscriptions: s } = tables;
  let after: string | null = null;
  let sent = 0;
  for (;;) {
    const page: { professionalId: string }[] = await withSystemBypass(rt.db, 'job: billing reconciliation', (tx) => tx.select({ professionalId: s.professionalId }).from(s)
      .where(and(isNotNull(s.providerCustomerId), after ? gt(s.professionalId, after) : undefined, input.professionalIds ? inArray(s.professionalId, [...input.professionalIds]) : undefined))
      .orderBy(asc(s.professionalId)).limit(PAGE));
    for (const { professionalId } of page) {
      await rt.queue.send('critical', {
        messageId: `billing-reconcile:${professionalId}:${day}`, type: BILLING_RECONCILE_REQUESTED, version: 1,
        occurredAt: input.now.toISOString(), correlationId: null, payload: { professionalId },
      });
    }
    sent += page.length;
    if (page.length < PAGE) return sent;
    after = page.at(-1)!.professionalId;
  }
}

export type ReconcileOutcome = 'stored' | 'duplicate' | 'no_customer' | 'no_subscription' | 'unreadable';

/**
 * The consumer's half: fetches the customer's newest subscription from the provider (Stripe, or the local billing
 * provider) and stores it as a `korevitta.subscription_reconciled` event stamped with the fetch time, through the
 * webhook's own path: stored once (its id derives from the message, so a redelivery stores nothing new) with its
 * outbox row, then applied by the `billing.event_received` consumer, order-safe and audited with actor `system`.
 * A snapshot that changes nothing leaves no audit entry. The provider unavailable: the error retries the message.
 */
export async function reconcileSubscription(rt: Runtime, input: { professionalId: string; messageId: string; now: Date }): Promise<ReconcileOutcome> {
  const { subscriptions: s } = tables;
  const [row] = await withSystemBypass(rt.db, 'consumer: billing reconciliation', (tx) => tx.select({ customerId: s.providerCustomerId }).from(s)
    .where(eq(s.professionalId, input.professionalId)).limit(1));
  if (!row?.customerId) return 'no_customer';
  const snapshot = await billingProviderOf(rt).currentSubscription({ customerId: row.customerId });
  if (!snapshot) return 'no_subscription';
  const id = `reconcile_${createHash('sha256').update(input.messageId).digest('hex').slice(0, 32)}`;
  const event = { id, object: 'event', type: RECONCILED_SUBSCRIPTION, created: Math.floor(input.now.getTime() / 1000), data: { object: snapshot } };
  const stored = await ingestBillingEvent(rt, { text: JSON.stringify(event), requestId: input.messageId });
  return stored.kind;
}
