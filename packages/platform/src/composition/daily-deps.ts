import { createDailyAudit, createDailyStore, createRiskRecalculationRequests, type Tx } from '@korevitta/db';
import type { DailyDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../ids.ts';

/** Every port of the daily use cases for one request, inside its tenant transaction; `now` fixed once per request. */
export function dailyDeps(tx: Tx, ctx: { auth: Pick<AuthContext, 'userId' | 'role' | 'professionalId'>; requestId: string | null; now: Date }): DailyDeps {
  return {
    store: createDailyStore(tx),
    audit: createDailyAudit(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    risk: createRiskRecalculationRequests(tx, { professionalId: ctx.auth.professionalId, now: ctx.now, correlationId: ctx.requestId }),
    ids,
    now: ctx.now,
  };
}
