import { createHash } from 'node:crypto';
import type { BillingProvider } from '@korevitta/domain';
import type { Config } from '../config.ts';

/** A checkout the local billing provider opened: what its dev page pays, fails or cancels. */
export interface LocalCheckoutSession { id: string; customerId: string; priceId: string; professionalId: string; successUrl: string }

const sessions = new Map<string, LocalCheckoutSession>();
/** Ids derived from the idempotency key: the same key answers the same object, as Stripe's would. */
const idOf = (prefix: string, key: string) => `${prefix}_local_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

export const localCheckoutSession = (id: string): LocalCheckoutSession | null => sessions.get(id) ?? null;

/** What the local provider "holds" per customer: the subscription snapshot of its latest click (delivered or not). */
const subscriptions = new Map<string, Record<string, unknown>>();
export const recordLocalSubscription = (customerId: string, snapshot: Record<string, unknown>): void => { subscriptions.set(customerId, snapshot); };

/**
 * The local billing provider (like the local mailbox): no account, no network. Its checkout and portal
 * URLs name a dev-only route of the local host (POST {"action":"pay"|"fail_payment"|"renew_paid"|
 * "renew_refused"|"cancel"}) that sends correctly signed events to /v1/webhooks/billing. Not available in
 * production (config requires BILLING_DRIVER=stripe there).
 */
export function createLocalBillingProvider(config: Pick<Config, 'port'>): BillingProvider {
  const base = `http://localhost:${config.port}`;
  return {
    createCustomer: async ({ idempotencyKey }) => ({ customerId: idOf('cus', idempotencyKey) }),
    createCheckoutSession: async ({ idempotencyKey, customerId, priceId, professionalId, successUrl }) => {
      const id = idOf('cs', idempotencyKey);
      sessions.set(id, { id, customerId, priceId, professionalId, successUrl });
      return { sessionId: id, url: `${base}/dev/billing/sessions/${id}/events` };
    },
    currentSubscription: async ({ customerId }) => subscriptions.get(customerId) ?? null,
    // The portal of the local provider is the same dev route, for the customer's latest checkout.
    createPortalSession: async ({ customerId }) => {
      const latest = [...sessions.values()].filter((s) => s.customerId === customerId).at(-1);
      return { url: latest ? `${base}/dev/billing/sessions/${latest.id}/events` : `${base}/dev/mailbox` };
    },
  };
}
