import type { GrowthResource } from './entitlements.ts';
import type { Plan, PlanCode, Subscription } from './plans.ts';

/** What limits are decided from, read in the caller's tenant transaction. */
export interface EntitlementReader {
  /** Serialises growth of one practice until the transaction ends, then reads. */
  lockGrowth(professionalId: string): Promise<void>;
  subscription(professionalId: string): Promise<Subscription | null>;
  plans(): Promise<ReadonlyMap<PlanCode, Plan>>;
  usage(professionalId: string, resource: GrowthResource): Promise<number>;
}
