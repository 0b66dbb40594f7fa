import { effectivePlanCode, pastDueGraceEndsAt, type PlanLimits, type Subscription } from './plans.ts';

export type GrowthResource = 'activePatients' | 'storageBytes';

export type GrowthDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; code: 'SUBSCRIPTION.LIMIT_REACHED'; resource: GrowthResource; limit: number; usage: number }
  | { kind: 'deny'; code: 'SUBSCRIPTION.PAST_DUE'; graceEndedAt: Date };

/**
 * May the practice grow by `adding` units of `resource` (a patient, upload bytes)? Past due: yes during
 * the grace period, then no. Otherwise usage + adding must fit the effective plan's limit (canceled → free).
 * Shrinking and reading are never decided here: they are always allowed.
 */
export function decideGrowth(
  subscription: Subscription,
  limits: PlanLimits,
  usage: number,
  now: Date,
  request: { resource: GrowthResource; adding: number },
): GrowthDecision {
  if (subscription.status === 'past_due') {
    const ends = pastDueGraceEndsAt(subscription);
    if (ends && now.getTime() >= ends.getTime()) return { kind: 'deny', code: 'SUBSCRIPTION.PAST_DUE', graceEndedAt: ends };
  }
  const limit = limits[request.resource];
  if (limit !== null && usage + request.adding > limit) {
    return { kind: 'deny', code: 'SUBSCRIPTION.LIMIT_REACHED', resource: request.resource, limit, usage };
  }
  return { kind: 'allow' };
}

export { effectivePlanCode };
