import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { localCheckoutSession, recordLocalSubscription, type LocalCheckoutSession } from './local-billing-provider.ts';
import { signatureHeader } from './webhook-signature.ts';

export const LOCAL_BILLING_ACTIONS = ['pay', 'fail_payment', 'renew_paid', 'renew_refused', 'cancel'] as const;
export type LocalBillingAction = (typeof LOCAL_BILLING_ACTIONS)[number];

const DAY_S = 86_400;
/**
 * The second each click is stamped with: never earlier than the customer's previous click, one second later when
 * two clicks fall in the same second, so the order-safe apply (provider time, then status rank) sees them in the
 * order the developer made them, as it would with real Stripe where clicks are seconds apart.
 */
const lastCreated = new Map<string, number>();
function clickSecond(sessionId: string, now: number): number {
  const previous = lastCreated.get(sessionId);
  const second = previous === undefined ? now : Math.max(now, previous + 1);
  lastCreated.set(sessionId, second);
  return second;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/**
 * The events Stripe would send for what the developer clicked, in the order Stripe sends them; the provider's
 * subscription state is recorded first (reconciliation reads it even when a webhook is lost on the way).
 */
function eventsFor(s: LocalCheckoutSession, action: LocalBillingAction, now: number, nonce: string) {
  const subscription = `sub_local_${hash(s.id)}`;
  const snapshot = (status: string) => ({
    id: subscription, object: 'subscription', customer: s.customerId, status, metadata: { professionalId: s.professionalId },
    items: { object: 'list', data: [{ id: `si_${subscription}`, price: { id: s.priceId }, current_period_start: now, current_period_end: now + 30 * DAY_S }] },
  });
  const invoice = { id: `in_local_${nonce}`, object: 'invoice', customer: s.customerId, parent: { type: 'subscription_details', subscription_details: { subscription } }, lines: { data: [{ period: { start: now, end: now + 30 * DAY_S } }] } };
  recordLocalSubscription(s.customerId, snapshot(action === 'cancel' ? 'canceled' : action === 'fail_payment' || action === 'renew_refused' ? 'past_due' : 'active'));
  const event = (type: string, object: unknown, i: number) => ({ id: `evt_local_${nonce}_${i}`, object: 'event', api_version: '2026-10-28.endive', created: now, livemode: false, type, data: { object } });
  switch (action) {
    case 'pay': return [
      event('checkout.session.completed', { id: s.id, object: 'checkout.session', customer: s.customerId, subscription, client_reference_id: s.professionalId }, 0),
      event('customer.subscription.created', snapshot('active'), 1),
      event('invoice.paid', invoice, 2),
    ];
    case 'renew_paid': return [event('invoice.paid', invoice, 0), event('customer.subscription.updated', snapshot('active'), 1)];
    case 'fail_payment':
    case 'renew_refused': return [event('invoice.payment_failed', invoice, 0), event('customer.subscription.updated', snapshot('past_due'), 1)];
    case 'cancel': return [event('customer.subscription.deleted', snapshot('canceled'), 0)];
    default: { const never: never = action; return never; }
  }
}

/**
 * The local billing provider's dev pages call this: the events of one click, each signed with the
 * configured webhook secret and POSTed to this host's own /v1/webhooks/billing, exactly as Stripe would.
 */
export async function sendLocalBillingEvents(config: Config, input: { origin: string; sessionId: string; action: LocalBillingAction; now: Date }): Promise<{ sent: number; statuses: number[] } | null> {
  const session = localCheckoutSession(input.sessionId);
  const secret = config.billing.webhookSecrets[0];
  if (!session || !secret || config.isProduction) return null;
  const now = clickSecond(session.customerId, Math.floor(input.now.getTime() / 1000));
  const statuses: number[] = [];
  for (const e of eventsFor(session, input.action, now, `${now}_${hash(`${input.sessionId}${input.action}${Math.random()}`).slice(0, 8)}`)) {
    const text = JSON.stringify(e);
    const res = await fetch(new URL('/v1/webhooks/billing', input.origin), {
      method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(secret, now, Buffer.from(text)) }, body: text,
    });
    statuses.push(res.status);
  }
  return { sent: statuses.length, statuses };
}
