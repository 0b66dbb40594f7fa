import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
  completeOperation, countSessionOperations, findPendingOperation, insertOperation, lockBilling, readSubscription, recordProviderCustomer, tables, withTenant,
  type BillingOperation, type BillingOperationKind,
} from '@korevitta/db';
import { BillingProviderUnavailable, fail, idempotencyKeyOf, ok, type BillingProvider, type Result } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { createLocalBillingProvider } from '../billing/local-billing-provider.ts';
import { createStripeProvider } from '../billing/stripe-provider.ts';

const DAY_MS = 86_400_000;
const providers = new WeakMap<Runtime, BillingProvider>();

/** The runtime's billing provider: Stripe when BILLING_DRIVER=stripe, else the local billing provider. */
export function billingProviderOf(rt: Runtime): BillingProvider {
  let provider = providers.get(rt);
  if (!provider) {
    provider = rt.config.billing.driver === 'stripe' ? createStripeProvider(rt.config) : createLocalBillingProvider(rt.config);
    providers.set(rt, provider);
  }
  return provider;
}

/** Tests put a provider (a Stripe adapter over a local fake server) behind a runtime. */
export const useBillingProvider = (rt: Runtime, provider: BillingProvider): void => { providers.set(rt, provider); };

type SessionError = 'BILLING.QUOTA_EXCEEDED' | 'BILLING.PROVIDER_UNAVAILABLE' | 'BILLING.NOT_SUBSCRIBED';
/** jsonb reorders keys: compare the parameters key by key (they are flat strings). */
const canonical = (p: Record<string, unknown>) => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
const sameParams = (a: Record<string, unknown>, b: Record<string, unknown>) => canonical(a) === canonical(b);

/**
 * Writes the operation first (or finds the pending one with the same parameters, whose key a retry must
 * reuse), inside the practice's billing lock; session operations count against the daily quota.
 */
async function prepare(rt: Runtime, auth: AuthContext, kind: BillingOperationKind, params: Record<string, unknown>): Promise<Result<BillingOperation, 'BILLING.QUOTA_EXCEEDED'>> {
  const now = rt.clock.now();
  const since = new Date(now.getTime() - DAY_MS);
  return withTenant(rt.db, tenantOf(auth), async (tx) => {
    await lockBilling(tx, auth.professionalId);
    const pending = await findPendingOperation(tx, auth.professionalId, kind, since);
    if (pending && sameParams(pending.params, params)) return ok(pending);
    if (kind !== 'customer' && (await countSessionOperations(tx, auth.professionalId, since)) >= rt.config.billing.dailySessionQuota) {
      return fail('BILLING.QUOTA_EXCEEDED', { params: { limit: rt.config.billing.dailySessionQuota }, retryAfterSeconds: 3600 });
    }
    const op: BillingOperation = { id: uuidv7(), kind, params, status: 'pending', resultId: null, resultUrl: null };
    await insertOperation(tx, { id: op.id, professionalId: auth.professionalId, kind, params, requestedBy: auth.userId, now });
    return ok(op);
  });
}

/** Calls the provider under the operation's key; a timeout leaves the operation pending for the retry (503). */
async function call<T>(fn: () => Promise<T>): Promise<Result<T, 'BILLING.PROVIDER_UNAVAILABLE'>> {
  try {
    return ok(await fn());
  } catch (error) {
    if (error instanceof BillingProviderUnavailable) return fail('BILLING.PROVIDER_UNAVAILABLE', { retryAfterSeconds: 5 });
    throw error;
  }
}

async function ensureCustomer(rt: Runtime, auth: AuthContext, provider: BillingProvider): Promise<Result<string, SessionError>> {
  const known = await withTenant(rt.db, tenantOf(auth), async (tx) => {
    const sub = await readSubscription(tx, auth.professionalId);
    if (sub?.providerCustomerId) return { customerId: sub.providerCustomerId, email: '', name: '' };
    const [row] = await tx.select({ email: tables.users.email, name: tables.professionals.name }).from(tables.users)
      .innerJoin(tables.professionals, eq(tables.professionals.id, tables.users.professionalId)).where(eq(tables.users.id, auth.userId)).limit(1);
    return { customerId: null, email: row?.email ?? '', name: row?.name ?? '' };
  });
  if (known.customerId) return ok(known.customerId);
  const op = await prepare(rt, auth, 'customer', { professionalId: auth.professionalId, email: known.email, name: known.name });
  if (!op.ok) return op;
  const params = op.value.params as { professionalId: string; email: string; name: string };
  const created = await call(() => provider.createCustomer({ idempotencyKey: idempotencyKeyOf('customer', op.value.id), ...params }));
  if (!created.ok) return created;
  await withTenant(rt.db, tenantOf(auth), async (tx) => {
    const now = rt.clock.now();
    await completeOperation(tx, op.value.id, { resultId: created.value.customerId, resultUrl: null, now });
    await recordProviderCustomer(tx, auth.professionalId, created.value.customerId, now);
  });
  return ok(created.value.customerId);
}

/** POST /v1/subscription/checkout: the provider's hosted checkout URL for a paid plan. */
export async function startCheckout(rt: Runtime, auth: AuthContext, input: { plan: 'pro' | 'clinic' }): Promise<Result<{ url: string }, SessionError>> {
  const provider = billingProviderOf(rt);
  const customer = await ensureCustomer(rt, auth, provider);
  if (!customer.ok) return customer;
  const back = (outcome: string) => new URL(`/assinatura?checkout=${outcome}`, rt.config.publicAppUrl).toString();
  const params = { customerId: customer.value, priceId: rt.config.billing.prices[input.plan], professionalId: auth.professionalId, successUrl: back('success'), cancelUrl: back('canceled') };
  const op = await prepare(rt, auth, 'checkout', params);
  if (!op.ok) return op;
  const session = await call(() => provider.createCheckoutSession({ idempotencyKey: idempotencyKeyOf('checkout', op.value.id), ...(op.value.params as typeof params) }));
  if (!session.ok) return session;
  await withTenant(rt.db, tenantOf(auth), (tx) => completeOperation(tx, op.value.id, { resultId: session.value.sessionId, resultUrl: session.value.url, now: rt.clock.now() }));
  return ok({ url: session.value.url });
}

/** POST /v1/subscription/portal: the provider's hosted billing portal (cards, invoices, cancel). */
export async function startPortal(rt: Runtime, auth: AuthContext): Promise<Result<{ url: string }, SessionError>> {
  const customerId = await withTenant(rt.db, tenantOf(auth), async (tx) => (await readSubscription(tx, auth.professionalId))?.providerCustomerId ?? null);
  if (!customerId) return fail('BILLING.NOT_SUBSCRIBED');
  const params = { customerId, returnUrl: new URL('/assinatura', rt.config.publicAppUrl).toString() };
  const op = await prepare(rt, auth, 'portal', params);
  if (!op.ok) return op;
  const portal = await call(() => billingProviderOf(rt).createPortalSession({ idempotencyKey: idempotencyKeyOf('portal', op.value.id), ...(op.value.params as typeof params) }));
  if (!portal.ok) return portal;
  await withTenant(rt.db, tenantOf(auth), (tx) => completeOperation(tx, op.value.id, { resultId: null, resultUrl: portal.value.url, now: rt.clock.now() }));
  return ok({ url: portal.value.url });
}
