/**
 * Port to the billing provider (Stripe in production, the local billing provider elsewhere). Every call
 * carries an idempotency key derived from a persisted operation (`korevitta-<kind>-<operation id>`): a
 * retry after a timeout sends the same key with the same parameters, so the provider answers the first
 * result instead of creating a second customer or session (TEST-CATALOG 41).
 */
export interface BillingProvider {
  createCustomer(input: { idempotencyKey: string; professionalId: string; email: string; name: string }): Promise<{ customerId: string }>;
  createCheckoutSession(input: {
    idempotencyKey: string; customerId: string; priceId: string; professionalId: string; successUrl: string; cancelUrl: string;
  }): Promise<{ sessionId: string; url: string }>;
  createPortalSession(input: { idempotencyKey: string; customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /**
   * The customer's newest subscription as the provider holds it now (a Stripe subscription object), or null when it
   * has none: the daily reconciliation applies it like a webhook snapshot. A read: no idempotency key.
   */
  currentSubscription(input: { customerId: string }): Promise<Record<string, unknown> | null>;
}

/** The provider did not answer in time or at all: the operation stays pending and the next request retries it. */
export class BillingProviderUnavailable extends Error {
  override name = 'BillingProviderUnavailable';
}

export const idempotencyKeyOf = (kind: 'customer' | 'checkout' | 'portal', operationId: string): string => `korevitta-${kind}-${operationId}`;
