import { withTenant } from '@korevitta/db';
import { getSubscription, type SubscriptionOverview } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { entitlementReader } from './entitlements.ts';

/** GET /v1/subscription: plan, status, period, limits in force and usage, in one tenant transaction. */
export function readSubscriptionOverview(rt: Runtime, auth: AuthContext): Promise<SubscriptionOverview> {
  return withTenant(rt.db, tenantOf(auth), (tx) => getSubscription({ entitlements: entitlementReader(tx), now: rt.clock.now() }, auth.professionalId));
}
