import { randomUUID } from 'node:crypto';
import { BILLING_EVENT_RECEIVED, LOCAL_BILLING_WEBHOOK_SECRET, signatureHeader } from '@korevitta/platform';
import type { TestHost } from '../support/test-host.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';

export const SECRET = LOCAL_BILLING_WEBHOOK_SECRET;
export const PRICE = { pro: 'price_local_pro', clinic: 'price_local_clinic' } as const;

/** A provider event as Stripe sends it (the fields the pipeline reads, plus some it does not). */
export function stripeEvent(type: string, object: Record<string, unknown>, o: { id?: string; created: number }) {
  return { id: o.id ?? `evt_${randomUUID().replaceAll('-', '')}`, object: 'event', api_version: '2026-10-28.endive', created: o.created, livemode: false, pending_webhooks: 1, type, data: { object } };
}

export const subscriptionObject = (o: { id: string; customer: string; status: string; price?: string; professionalId?: string; periodStart: number; periodEnd: number }) => ({
  id: o.id, object: 'subscription', customer: o.customer, status: o.status, metadata: o.professionalId ? { professionalId: o.professionalId } : {},
  items: { object: 'list', data: [{ id: `si_${o.id}`, price: { id: o.price ?? PRICE.pro }, current_period_start: o.periodStart, current_period_end: o.periodEnd }] },
});

export const invoiceObject = (o: { customer: string; subscription: string; periodEnd: number }) => ({
  id: `in_${randomUUID().slice(0, 8)}`, object: 'invoice', customer: o.customer,
  parent: { type: 'subscription_details', subscription_details: { subscription: o.subscription } },
  lines: { data: [{ period: { start: o.periodEnd - 30 * 86_400, end: o.periodEnd } }] },
});

/** POSTs the exact text with a Stripe-Signature over it (or the header given). */
export function postSigned(h: TestHost, text: string, o: { secret?: string; t?: number; header?: string | null } = {}) {
  const t = o.t ?? Math.floor(h.rt.clock.now().getTime() / 1000);
  const header = o.header === undefined ? signatureHeader(o.secret ?? SECRET, t, Buffer.from(text)) : o.header;
  return h.api.call('POST', '/v1/webhooks/billing', undefined, { rawBody: text, headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'stripe-signature': header }) } });
}

/** The relay and the queue worker run by hand for billing events (the consumer under test is the real one). */
export const billingDelivery = (h: TestHost) => outboxDelivery(h, [BILLING_EVENT_RECEIVED]);
