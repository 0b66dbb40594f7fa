import { effectivePlanCode, freeSubscription, pastDueGraceEndsAt, type Plan, type PlanLimits, type Subscription } from './plans.ts';
import type { EntitlementReader } from './ports.ts';

export interface SubscriptionOverview {
  subscription: Subscription;
  plan: Plan;
  /** The limits in force: the free plan's once canceled. */
  limits: PlanLimits;
  usage: { activePatients: number; storageBytes: number };
  graceEndsAt: Date | null;
  /** Growth is blocked (past due beyond the grace period). */
  growthBlocked: boolean;
}

export async function getSubscription(deps: { entitlements: Omit<EntitlementReader, 'lockGrowth'>; now: Date }, professionalId: string): Promise<SubscriptionOverview> {
  const subscription = (await deps.entitlements.subscription(professionalId)) ?? freeSubscription(professionalId);
  const plans = await deps.entitlements.plans();
  const plan = plans.get(subscription.planCode);
  const effective = plans.get(effectivePlanCode(subscription));
  if (!plan || !effective) throw new Error(`plan ${subscription.planCode} is not seeded`);
  const [activePatients, storageBytes] = [await deps.entitlements.usage(professionalId, 'activePatients'), await deps.entitlements.usage(professionalId, 'storageBytes')];
  const grace = subscription.status === 'past_due' ? pastDueGraceEndsAt(subscription) : null;
  return {
    subscription, plan, limits: effective.limits, usage: { activePatients, storageBytes }, graceEndsAt: grace,
    growthBlocked: grace !== null && deps.now.getTime() >= grace.getTime(),
  };
}
