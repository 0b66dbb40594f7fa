import Stripe from 'stripe';
import { BillingProviderUnavailable, type BillingProvider } from '@korevitta/domain';
import type { Config } from '../config.ts';

/** Where the adapter sends requests: Stripe's API, or a local server that speaks it (tests). */
export interface StripeEndpoint { host: string; port: number; protocol: 'http' | 'https' }

/**
 * The Stripe adapter over the official `stripe` package (pinned 23.1.0, API version 2026-10-28.endive).
 * Retries are ours, not the library's (maxNetworkRetries 0): a timeout answers 503 and the caller's next
 * request retries under the same persisted idempotency key with the same parameters.
 */
export function createStripeProvider(config: Pick<Config, 'billing'>, endpoint?: StripeEndpoint, options: { timeoutMs?: number } = {}): BillingProvider {
  const key = config.billing.stripeSecretKey;
  if (!key) throw new Error('BILLING_DRIVER=stripe needs STRIPE_SECRET_KEY');
  const stripe = new Stripe(key, { maxNetworkRetries: 0, timeout: options.timeoutMs ?? 10_000, telemetry: false, ...(endpoint ?? {}) });
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) throw new BillingProviderUnavailable('stripe did not answer', { cause: error });
      throw error;
    }
  };
  return {
    createCustomer: ({ idempotencyKey, professionalId, email, name }) => guard(async () => {
      const customer = await stripe.customers.create({ email, name, metadata: { professionalId } }, { idempotencyKey });
      return { customerId: customer.id };
    }),
    createCheckoutSession: ({ idempotencyKey, customerId, priceId, professionalId, successUrl, cancelUrl }) => guard(async () => {
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription', customer: customerId, line_items: [{ price: priceId, quantity: 1 }], client_reference_id: professionalId,
        subscription_data: { metadata: { professionalId } }, success_url: successUrl, cancel_url: cancelUrl,
      }, { idempotencyKey });
      if (!session.url) throw new Error('stripe returned a checkout session without url');
      return { sessionId: session.id, url: session.url };
    }),
    // Newest first: a subscription whose `created` webhook was lost is found too. The object as JSON, as a webhook carries it.
    currentSubscription: ({ customerId }) => guard(async () => {
      const page = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 1 });
      const newest = page.data[0];
      return newest ? (JSON.parse(JSON.stringify(newest)) as Record<string, unknown>) : null;
    }),
    createPortalSession: ({ idempotencyKey, customerId, returnUrl }) => guard(async () => {
      const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }, { idempotencyKey });
      return { url: session.url };
    }),
  };
}
