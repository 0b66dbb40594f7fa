import { countActivePatients, lockGrowth, readPlans, readSubscription, type Tx } from '@korevitta/db';
import type { EntitlementReader } from '@korevitta/domain';
import type { StorageUsage } from './logo-files.ts';

/**
 * The domain's EntitlementReader over one transaction. Storage usage comes from issue 10's uploads
 * (confirmed uploads' bytes) through `storage`; until that lands it reads 0.
 */
export function entitlementReader(tx: Tx, storage: StorageUsage = NO_UPLOADS): EntitlementReader {
  return {
    lockGrowth: (professionalId) => lockGrowth(tx, professionalId),
    subscription: (professionalId) => readSubscription(tx, professionalId),
    plans: () => readPlans(tx),
    usage: (professionalId, resource) => (resource === 'activePatients' ? countActivePatients(tx, professionalId) : storage.bytesUsed(tx, professionalId)),
  };
}

const NO_UPLOADS: StorageUsage = { bytesUsed: async () => 0 };
