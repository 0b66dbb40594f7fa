import type { PlanCode, Subscription, SubscriptionStatus } from './plans.ts';

/**
 * A billing provider event, normalised by the adapter (Stripe objects are snapshots: created and updated
 * carry the whole subscription). `occurredAt` is the provider's event time.
 */
export type BillingEvent =
  | { kind: 'checkout_completed'; occurredAt: Date; customerId: string; subscriptionId: string | null }
  | {
    kind: 'subscription_changed';
    occurredAt: Date;
    customerId: string;
    subscriptionId: string;
    planCode: PlanCode;
    status: SubscriptionStatus;
    currentPeriodStart: Date | null;
    currentPeriodEnd: Date | null;
  }
  | { kind: 'subscription_deleted'; occurredAt: Date; subscriptionId: string }
  | { kind: 'invoice_paid'; occurredAt: Date; subscriptionId: string; periodEnd: Date | null }
  | { kind: 'payment_failed'; occurredAt: Date; subscriptionId: string };

/** At the same provider second, the later state of a subscription's life wins (events share seconds). */
const STATUS_RANK: Record<SubscriptionStatus, number> = { trialing: 0, active: 1, past_due: 2, canceled: 3 };

export type ApplyDecision =
  | { kind: 'apply'; next: Subscription; changes: Record<string, { before: unknown; after: unknown }> }
  | { kind: 'unchanged'; reason: 'stale' | 'other_subscription' };

/**
 * Applies one provider event to the practice's subscription, idempotent and order-safe: an event older
 * than the last one applied changes nothing; at the same second a lower status never replaces a higher
 * one; an event of another (older) provider subscription is ignored once a newer one is bound. An
 * `updated` before its `created` works because each carries the whole state.
 */
export function applyBillingEvent(current: Subscription, event: BillingEvent): ApplyDecision {
  if (current.lastEventAt && event.occurredAt.getTime() < current.lastEventAt.getTime()) return { kind: 'unchanged', reason: 'stale' };
  const next = nextState(current, event);
  if (next === 'other_subscription') return { kind: 'unchanged', reason: 'other_subscription' };
  const sameSecond = current.lastEventAt !== null && event.occurredAt.getTime() === current.lastEventAt.getTime();
  if (sameSecond && current.providerSubscriptionId === next.providerSubscriptionId && STATUS_RANK[next.status] < STATUS_RANK[current.status]) {
    return { kind: 'unchanged', reason: 'stale' };
  }
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of ['planCode', 'status', 'currentPeriodStart', 'currentPeriodEnd', 'pastDueSince', 'providerCustomerId', 'providerSubscriptionId'] as const) {
    const before = current[key] instanceof Date ? (current[key] as Date).toISOString() : current[key];
    const after = next[key] instanceof Date ? (next[key] as Date).toISOString() : next[key];
    if (before !== after) changes[key] = { before, after };
  }
  const applied = { ...next, lastEventAt: event.occurredAt };
  // Nothing changed still moves the clock: an older event arriving later must not undo this snapshot.
  if (Object.keys(changes).length === 0) return { kind: 'apply', next: applied, changes };
  return { kind: 'apply', next: { ...applied, revision: current.revision + 1 }, changes };
}

function nextState(current: Subscription, event: BillingEvent): Subscription | 'other_subscription' {
  const bound = current.providerSubscriptionId;
  const other = (id: string) => bound !== null && bound !== id && current.status !== 'canceled';
  switch (event.kind) {
    case 'checkout_completed':
      return { ...current, providerCustomerId: event.customerId, providerSubscriptionId: bound && current.status !== 'canceled' ? bound : (event.subscriptionId ?? bound) };
    case 'subscription_changed': {
      if (other(event.subscriptionId)) return 'other_subscription';
      const pastDueSince = event.status === 'past_due' ? (current.pastDueSince ?? event.occurredAt) : null;
      return {
        ...current, providerCustomerId: event.customerId, providerSubscriptionId: event.subscriptionId, planCode: event.planCode, status: event.status,
        currentPeriodStart: event.currentPeriodStart, currentPeriodEnd: event.currentPeriodEnd, pastDueSince,
      };
    }
    case 'subscription_deleted':
      if (bound !== event.subscriptionId) return 'other_subscription';
      return { ...current, status: 'canceled', pastDueSince: null };
    case 'invoice_paid':
      if (bound !== event.subscriptionId) return 'other_subscription';
      if (current.status === 'canceled') return current;
      return { ...current, status: 'active', pastDueSince: null, currentPeriodEnd: event.periodEnd ?? current.currentPeriodEnd };
    case 'payment_failed':
      if (bound !== event.subscriptionId) return 'other_subscription';
      if (current.status === 'canceled') return current;
      return { ...current, status: 'past_due', pastDueSince: current.pastDueSince ?? event.occurredAt };
    default: {
      const never: never = event;
      return never;
    }
  }
}
