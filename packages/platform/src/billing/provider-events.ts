import * as v from 'valibot';
import type { BillingEvent, PlanCode, SubscriptionStatus } from '@korevitta/domain';

/** The event types the pipeline applies; any other verified event is stored and marked ignored. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const Seconds = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99_999_999_999));
const Metadata = v.optional(v.nullable(v.record(v.string(), v.string())));

/** What every provider event has (Stripe's envelope); read at ingestion to store and deduplicate it. */
/**
 * Our own event type: the provider's current subscription, fetched by the daily reconciliation and stored like a
 * webhook event (a full snapshot, applied as `customer.subscription.updated`, stamped with the fetch time).
 */
export const RECONCILED_SUBSCRIPTION = 'korevitta.subscription_reconciled';

export const EventEnvelope = v.object({ id: Id, type: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), created: Seconds, data: v.object({ object: v.record(v.string(), v.unknown()) }) });
export type EventEnvelope = v.InferOutput<typeof EventEnvelope>;

const CheckoutSession = v.object({ id: Id, customer: Id, subscription: v.optional(v.nullable(Id)), client_reference_id: v.optional(v.nullable(Id)), metadata: Metadata });
const ItemPeriod = v.object({ price: v.object({ id: Id }), current_period_start: v.optional(Seconds), current_period_end: v.optional(Seconds) });
const StripeSubscription = v.object({
  id: Id, customer: Id, status: v.string(), metadata: Metadata,
  items: v.object({ data: v.pipe(v.array(ItemPeriod), v.minLength(1)) }),
  // Before API 2025-03-31 the period sat on the subscription; since then on each item.
  current_period_start: v.optional(Seconds), current_period_end: v.optional(Seconds),
});
const Invoice = v.object({
  customer: Id,
  subscription: v.optional(v.nullable(Id)),
  parent: v.optional(v.nullable(v.object({ subscription_details: v.optional(v.nullable(v.object({ subscription: v.optional(v.nullable(Id)) }))) }))),
  period_end: v.optional(Seconds),
  lines: v.optional(v.object({ data: v.array(v.object({ period: v.optional(v.object({ end: Seconds })) })) })),
});

const STATUS: Record<string, SubscriptionStatus | undefined> = {
  trialing: 'trialing', active: 'active', past_due: 'past_due', unpaid: 'past_due', paused: 'past_due', canceled: 'canceled', incomplete_expired: 'canceled',
};

export type NormalizedEvent =
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'event'; event: BillingEvent; customerId: string; professionalId: string | null };

const at = (s: number) => new Date(s * 1000);
const toDate = (s: number | undefined) => (s === undefined ? null : at(s));

/**
 * A verified provider event → the domain's BillingEvent, with the practice it names (our id in the
 * subscription's metadata or the checkout's client_reference_id; else found by customer id). Prices map
 * to plans through configuration.
 */
export function normalizeEvent(envelope: EventEnvelope, planOfPrice: (priceId: string) => PlanCode | null): NormalizedEvent {
  const occurredAt = at(envelope.created);
  const object = envelope.data.object;
  const read = <S extends v.GenericSchema>(schema: S) => v.safeParse(schema, object);
  switch (envelope.type) {
    case 'checkout.session.completed': {
      const s = read(CheckoutSession);
      if (!s.success) return { kind: 'invalid', reason: 'checkout session without customer' };
      const o = s.output;
      return { kind: 'event', customerId: o.customer, professionalId: o.client_reference_id ?? o.metadata?.professionalId ?? null, event: { kind: 'checkout_completed', occurredAt, customerId: o.customer, subscriptionId: o.subscription ?? null } };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case RECONCILED_SUBSCRIPTION:
    case 'customer.subscription.deleted': {
      const s = read(StripeSubscription);
      if (!s.success) return { kind: 'invalid', reason: 'subscription without id, customer or items' };
      const o = s.output;
      const professionalId = o.metadata?.professionalId ?? null;
      if (envelope.type === 'customer.subscription.deleted') return { kind: 'event', customerId: o.customer, professionalId, event: { kind: 'subscription_deleted', occurredAt, subscriptionId: o.id } };
      const status = STATUS[o.status];
      if (!status) return { kind: 'ignored', reason: `subscription status ${o.status.slice(0, 30)}` };
      const item = o.items.data[0]!;
      const planCode = planOfPrice(item.price.id);
      if (!planCode) return { kind: 'invalid', reason: 'price of no plan' };
      return {
        kind: 'event', customerId: o.customer, professionalId,
        event: {
          kind: 'subscription_changed', occurredAt, customerId: o.customer, subscriptionId: o.id, planCode, status,
          currentPeriodStart: toDate(item.current_period_start ?? o.current_period_start), currentPeriodEnd: toDate(item.current_period_end ?? o.current_period_end),
        },
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const s = read(Invoice);
      if (!s.success) return { kind: 'invalid', reason: 'invoice without customer' };
      const o = s.output;
      const subscriptionId = o.parent?.subscription_details?.subscription ?? o.subscription ?? null;
      if (!subscriptionId) return { kind: 'ignored', reason: 'invoice of no subscription' };
      if (envelope.type === 'invoice.payment_failed') return { kind: 'event', customerId: o.customer, professionalId: null, event: { kind: 'payment_failed', occurredAt, subscriptionId } };
      const lineEnd = o.lines?.data[0]?.period?.end;
      return { kind: 'event', customerId: o.customer, professionalId: null, event: { kind: 'invoice_paid', occurredAt, subscriptionId, periodEnd: toDate(lineEnd) } };
    }
    default:
      return { kind: 'ignored', reason: 'type not handled' };
  }
}
