/** Plans are data (migrations seed them, versioned); the domain knows their shape and the free fallback. */
export const PLAN_CODES = ['free', 'pro', 'clinic'] as const;
export type PlanCode = (typeof PLAN_CODES)[number];

/** A null limit is unlimited. */
export interface PlanLimits {
  activePatients: number | null;
  storageBytes: number | null;
  invitesPerDay: number;
}

export interface Plan {
  code: PlanCode;
  name: string;
  limits: PlanLimits;
  /** Bumped by the migration that changes a plan's limits. */
  version: number;
}

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Growth stays allowed this long after a payment fails; reads never stop. */
export const PAST_DUE_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

export interface Subscription {
  professionalId: string;
  planCode: PlanCode;
  status: SubscriptionStatus;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  /** When the first failed payment of the current arrears happened (null when paid up). */
  pastDueSince: Date | null;
  providerCustomerId: string | null;
  providerSubscriptionId: string | null;
  /** Provider time of the last event applied (order safety). */
  lastEventAt: Date | null;
  revision: number;
}

/** A practice that never subscribed: free, active, no provider objects. */
export function freeSubscription(professionalId: string): Subscription {
  return {
    professionalId, planCode: 'free', status: 'active', currentPeriodStart: null, currentPeriodEnd: null, pastDueSince: null,
    providerCustomerId: null, providerSubscriptionId: null, lastEventAt: null, revision: 0,
  };
}

/** A canceled subscription keeps its data and falls back to the free plan's limits; nothing is deleted. */
export const effectivePlanCode = (s: Pick<Subscription, 'planCode' | 'status'>): PlanCode => (s.status === 'canceled' ? 'free' : s.planCode);

export const pastDueGraceEndsAt = (s: Pick<Subscription, 'pastDueSince'>): Date | null =>
  s.pastDueSince ? new Date(s.pastDueSince.getTime() + PAST_DUE_GRACE_DAYS * DAY_MS) : null;
