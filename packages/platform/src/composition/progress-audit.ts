import { recordAudit, type Tx } from '@korevitta/db';
import type { ProgressAudit } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';

/** The request a progress or lab use case runs for. */
export interface ProgressRequestMeta { auth: AuthContext; requestId: string; now: Date }

/** The audit trail of the progress and lab use cases, attributed to the request's caller. */
export function progressAudit(tx: Tx, meta: ProgressRequestMeta): ProgressAudit {
  return {
    record: (entry) => recordAudit(tx, {
      professionalId: meta.auth.professionalId, actor: { userId: meta.auth.userId, role: meta.auth.role }, requestId: meta.requestId, occurredAt: meta.now, ...entry,
    }),
  };
}
