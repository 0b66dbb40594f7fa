import { countActivePatients, lockGrowth, practiceStoredBytes, readPlanState, readPlans, readSubscription, type Tx } from '@korevitta/db';
import type { EntitlementReader } from '@korevitta/domain';

/**
 * The domain's EntitlementReader over one tenant transaction. Storage usage is the sum of the practice's
 * confirmed uploads that still hold their bytes (`app_ctx.practice_stored_bytes()`, the caller's practice).
 */
export function entitlementReader(tx: Tx): EntitlementReader {
  return {
    lockGrowth: (professionalId) => lockGrowth(tx, professionalId),
    subscription: (professionalId) => readSubscription(tx, professionalId),
    plans: () => readPlans(tx),
    usage: (professionalId, resource) => (resource === 'activePatients' ? countActivePatients(tx, professionalId) : practiceStoredBytes(tx)),
  };
}

/**
 * For growth a patient causes too (its uploads count against its practice's storage): the plan state through
 * `app_ctx.practice_plan_state()`, since a patient's RLS sees no subscription row.
 */
export function practiceEntitlementReader(tx: Tx): EntitlementReader {
  return { ...entitlementReader(tx), subscription: (professionalId) => readPlanState(tx, professionalId) };
}
