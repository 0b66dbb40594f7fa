import * as v from 'valibot';
import { uuidv7 } from 'uuidv7';
import {
  emptyOldBillingPayloads, lockBillingEvent, lockSubscription, markBillingEventApplied, practiceOfCustomer, recordAudit, saveSubscription,
  storeBillingEvent, tables, withSystemBypass, type Tx,
} from '@korevitta/db';
import { applyBillingEvent, type PlanCode } from '@korevitta/domain';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import { applyOnce } from '../queue/apply-once.ts';
import { PoisonMessageError } from '../queue/poison-message-error.ts';
import { EventEnvelope, normalizeEvent } from '../billing/provider-events.ts';

export const APPLY_BILLING_EVENT_CONSUMER = 'apply-billing-event';
export { BILLING_EVENT_RECEIVED } from '@korevitta/db';

/**
 * Provider JSON may hold what PostgreSQL's jsonb cannot (`\u0000`, unpaired surrogates). The signature was
 * checked over the exact bytes before this; the stored copy replaces those characters with U+FFFD.
 */
const storable = (text: string): unknown => (NEEDS_CLEANING.test(text) ? JSON.parse(text, cleaning) : JSON.parse(text));
/**
 * In valid UTF-8 JSON text, NUL and lone surrogates can only arrive escaped (`\u0000`, `\uD800`-`\uDFFF`): a body
 * without such an escape parses as it is, which is nearly every event (issue 9: the reviver rebuilt every object).
 */
const NEEDS_CLEANING = /\\u(?:0000|[dD][89abAB]|[dD][c-fC-F])/;
const cleaning = function reviver(this: unknown, _key: string, value: unknown) {
  if (typeof value === 'string') return clean(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, x]) => [clean(k), x]));
  }
  return value;
};
const clean = (s: string) => s.toWellFormed().replaceAll('\u0000', '\uFFFD');

export type IngestOutcome = { kind: 'stored' | 'duplicate'; eventId: string } | { kind: 'unreadable' };

/**
 * A verified webhook body → stored once with its outbox row (one statement). A body that is signed but
 * not a provider event (not JSON, no id/type/created) is `unreadable`: nothing is stored.
 */
export async function ingestBillingEvent(rt: Runtime, input: { text: string; requestId: string }): Promise<IngestOutcome> {
  let payload: unknown;
  try {
    payload = storable(input.text);
  } catch {
    return { kind: 'unreadable' };
  }
  const envelope = v.safeParse(EventEnvelope, payload);
  if (!envelope.success) return { kind: 'unreadable' };
  const now = rt.clock.now();
  const stored = await withSystemBypass(rt.db, 'billing webhook: store verified event', (tx) => storeBillingEvent(tx, {
    id: uuidv7(), outboxId: uuidv7(), provider: rt.config.billing.driver, providerEventId: envelope.output.id, type: envelope.output.type,
    occurredAt: new Date(envelope.output.created * 1000), payload, receivedAt: now, correlationId: input.requestId,
  }));
  return { kind: stored ? 'stored' : 'duplicate', eventId: envelope.output.id };
}

export const planOfPrice = (config: Config) => (priceId: string): PlanCode | null =>
  priceId === config.billing.prices.pro ? 'pro' : priceId === config.billing.prices.clinic ? 'clinic' : null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function practiceOf(tx: Tx, hint: string | null, customerId: string): Promise<string | null> {
  if (hint && UUID.test(hint)) {
    const [row] = await tx.select({ id: tables.professionals.id }).from(tables.professionals).where(eq(tables.professionals.id, hint)).limit(1);
    if (row) return row.id;
  }
  return practiceOfCustomer(tx, customerId);
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'stale' | 'other_subscription' | 'ignored' | 'unknown_customer' | 'skipped_duplicate' | 'skipped_applied' | 'skipped_missing';

/**
 * Consumer of `billing.event_received` (critical queue): in ONE system transaction with the consumer inbox,
 * locks the stored event and the practice's subscription, applies the pure state machine (order-safe by
 * provider time and status rank), audits a change with actor `system` (the professional sees it in
 * GET /v1/audit-log) and marks the event applied. A crash anywhere rolls all of it back for the retry; an
 * event that can never apply is dead-lettered with the reason. `faults` lets tests fail it mid-apply.
 */
export async function applyStoredBillingEvent(
  rt: Runtime,
  input: { billingEventId: string; messageId: string; now: Date },
  faults: { beforeMarkApplied?: () => void } = {},
): Promise<ApplyOutcome> {
  return withSystemBypass(rt.db, 'consumer: apply billing event', async (tx) => {
    if (!(await applyOnce(tx, APPLY_BILLING_EVENT_CONSUMER, input.messageId))) return 'skipped_duplicate';
    const stored = await lockBillingEvent(tx, input.billingEventId);
    if (!stored) return 'skipped_missing';
    if (stored.appliedAt) return 'skipped_applied';
    const envelope = v.safeParse(EventEnvelope, stored.payload);
    if (!envelope.success) throw new PoisonMessageError('InvalidBillingEvent', `stored event ${stored.id} is not a provider event`);
    const normalized = normalizeEvent(envelope.output, planOfPrice(rt.config));
    if (normalized.kind === 'invalid') throw new PoisonMessageError('InvalidBillingEvent', `${stored.type}: ${normalized.reason}`);
    const done = async (professionalId: string | null, outcome: ApplyOutcome) => {
      faults.beforeMarkApplied?.();
      await markBillingEventApplied(tx, stored.id, { professionalId, outcome, now: input.now });
      return outcome;
    };
    if (normalized.kind === 'ignored') return done(null, 'ignored');
    const professionalId = await practiceOf(tx, normalized.professionalId, normalized.customerId);
    if (!professionalId) return done(null, 'unknown_customer');
    const current = await lockSubscription(tx, professionalId, input.now);
    if (!current) throw new Error('subscription row vanished under its lock');
    const decision = applyBillingEvent(current, normalized.event);
    if (decision.kind === 'unchanged') return done(professionalId, decision.reason);
    await saveSubscription(tx, decision.next, input.now);
    if (Object.keys(decision.changes).length === 0) return done(professionalId, 'unchanged');
    await recordAudit(tx, {
      professionalId, actor: { userId: null, role: 'system' }, action: 'subscription.updated', entityType: 'subscription', entityId: professionalId,
      changes: { ...decision.changes, providerEvent: { after: stored.type } }, requestId: null, occurredAt: input.now,
    });
    return done(professionalId, 'applied');
  });
}

/**
 * Retention: provider payloads (names, addresses, card brands of the customer) are emptied 30 days after they
 * were applied; the row stays and keeps deduplicating. Batches of 1000, each its own transaction.
 */
export async function purgeBillingPayloads(rt: Runtime, now: Date): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i += 1) {
    const n = await withSystemBypass(rt.db, 'retention: billing event payloads', (tx) => emptyOldBillingPayloads(tx, now));
    total += n;
    if (n < 1000) break;
  }
  return total;
}
