import * as v from 'valibot';
import { PLAN_CODES, SUBSCRIPTION_STATUSES, singleLine, type PlanLimits, type SubscriptionOverview } from '@korevitta/domain';
import { Count, Instant } from '../shared-schemas.ts';

const Bytes = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Limits = v.strictObject({
  activePatients: v.pipe(v.nullable(Count), v.description('null: unlimited')),
  storageBytes: v.pipe(v.nullable(Bytes), v.description('null: unlimited')),
  invitesPerDay: Count,
});

export const SubscriptionBody = v.strictObject({
  plan: v.strictObject({ code: v.picklist(PLAN_CODES), name: singleLine(80), version: Count }),
  status: v.picklist(SUBSCRIPTION_STATUSES),
  currentPeriodStart: v.nullable(Instant),
  currentPeriodEnd: v.nullable(Instant),
  /** While past due: growth is allowed until then, blocked after; reads never stop. */
  graceEndsAt: v.nullable(Instant),
  growthBlocked: v.boolean(),
  /** The limits in force (a canceled subscription has the free plan's). */
  limits: Limits,
  usage: v.strictObject({ activePatients: Count, storageBytes: Bytes }),
});

const limitsOf = (l: PlanLimits) => ({ activePatients: l.activePatients, storageBytes: l.storageBytes, invitesPerDay: l.invitesPerDay });

export const toSubscriptionBody = (o: SubscriptionOverview): v.InferOutput<typeof SubscriptionBody> => ({
  plan: { code: o.plan.code, name: o.plan.name, version: o.plan.version },
  status: o.subscription.status,
  currentPeriodStart: o.subscription.currentPeriodStart?.toISOString() ?? null,
  currentPeriodEnd: o.subscription.currentPeriodEnd?.toISOString() ?? null,
  graceEndsAt: o.graceEndsAt?.toISOString() ?? null,
  growthBlocked: o.growthBlocked,
  limits: limitsOf(o.limits),
  usage: o.usage,
});

export const CheckoutBody = v.strictObject({ plan: v.pipe(v.picklist(['pro', 'clinic']), v.description('The paid plan to subscribe to')) });
/** A hosted page of the billing provider: send the user there. */
export const HostedUrlBody = v.strictObject({ url: v.pipe(v.string(), v.maxLength(2000), v.url()) });
