import * as v from 'valibot';
import { token } from '@korevitta/domain';

/**
 * How the billing provider's event is documented (Stripe's event envelope). The handler reads the bytes, not
 * this schema: the signature is checked over them, and only then is the JSON read.
 */
export const BillingEventDocument = v.strictObject({
  id: v.pipe(token(/^[A-Za-z0-9_]{1,255}$/, 255, 'token'), v.description('The provider event id (deduplicated on it)')),
  object: v.optional(v.picklist(['event'])),
  type: v.pipe(token(/^[a-z_.]{1,100}$/, 100, 'token'), v.description('checkout.session.completed, customer.subscription.created|updated|deleted, invoice.paid, invoice.payment_failed; others are stored and ignored')),
  created: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99_999_999_999), v.description('Provider time of the event, Unix seconds (orders the events)')),
  api_version: v.optional(v.nullable(token(/^[0-9a-z.-]{1,40}$/, 40, 'token'))),
  livemode: v.optional(v.boolean()),
  pending_webhooks: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  data: v.strictObject({
    object: v.pipe(v.record(token(/^[a-z_]{1,64}$/, 64, 'token'), v.unknown()), v.maxEntries(200), v.description('The object the event is about (a checkout session, subscription or invoice)')),
  }),
});

export const WebhookReceipt = v.strictObject({
  received: v.literal(true),
  /** The provider sent this event before: nothing was stored again. */
  duplicate: v.boolean(),
});
