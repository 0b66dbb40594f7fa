import { fail, ok, type Result } from '../shared/result.ts';
import { decideGrowth, type GrowthResource } from './entitlements.ts';
import { effectivePlanCode, freeSubscription, type PlanLimits } from './plans.ts';
import type { EntitlementReader } from './ports.ts';

export type GrowthError = 'SUBSCRIPTION.LIMIT_REACHED' | 'SUBSCRIPTION.PAST_DUE';

const UNLIMITED: PlanLimits = { activePatients: null, storageBytes: null, invitesPerDay: 0 };

/** The limits in force for a practice: its effective plan's (canceled → free; no subscription → free); null if that plan is not seeded. */
export async function effectiveLimits(entitlements: Pick<EntitlementReader, 'subscription' | 'plans'>, professionalId: string): Promise<PlanLimits | null> {
  const subscription = (await entitlements.subscription(professionalId)) ?? freeSubscription(professionalId);
  return (await entitlements.plans()).get(effectivePlanCode(subscription))?.limits ?? null;
}

/**
 * Call before a practice grows (a new or reactivated patient, upload bytes), in the transaction that
 * grows it: takes the practice's growth lock, so the count it reads cannot change before the commit.
 */
export async function checkGrowth(
  deps: { entitlements: EntitlementReader; now: Date },
  input: { professionalId: string; resource: GrowthResource; adding: number },
): Promise<Result<void, GrowthError>> {
  await deps.entitlements.lockGrowth(input.professionalId);
  const subscription = (await deps.entitlements.subscription(input.professionalId)) ?? freeSubscription(input.professionalId);
  const limits = (await effectiveLimits({ subscription: async () => subscription, plans: deps.entitlements.plans }, input.professionalId)) ?? UNLIMITED;
  const usage = await deps.entitlements.usage(input.professionalId, input.resource);
  const decision = decideGrowth(subscription, limits, usage, deps.now, input);
  if (decision.kind === 'allow') return ok(undefined);
  if (decision.code === 'SUBSCRIPTION.PAST_DUE') return fail(decision.code, { params: { graceEndedAt: decision.graceEndedAt.toISOString() } });
  return fail(decision.code, { params: { resource: decision.resource, limit: decision.limit, usage: decision.usage } });
}
