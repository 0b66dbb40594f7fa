import { createPatientAuditTrail, createInviteRequestLedger, createPatientRepository, OutboxWriter, type Tx } from '@korevitta/db';
import type { InviteDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import { ids } from '../identity/identity-deps.ts';

/**
 * The ports of the patient use cases over one tenant transaction: repository, audit trail (actor and
 * request id bound), quota ledger and outbox, all committing together; `now` fixed once per request.
 */
export function patientDeps(tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): InviteDeps {
  return {
    patients: createPatientRepository(tx),
    audit: createPatientAuditTrail(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    ledger: createInviteRequestLedger(tx),
    outbox: new OutboxWriter(tx),
    correlationId: ctx.requestId,
    now: ctx.now,
    newId: ids.newId,
  };
}

/** Strong ETag of a patient version: `"<version>"`. */
export const patientEtag = (version: number): string => `"${version}"`;

/**
 * If-Match → the versions it accepts: null when absent or `*` (the resource exists, which the use case
 * checks); otherwise the listed strong ETags. Anything unparseable accepts nothing, so it ends in 412.
 */
export function versionsFromIfMatch(header: string | null): number[] | null {
  if (header === null || header.trim() === '*') return null;
  const out: number[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*"(\d{1,9})"\s*$/.exec(part);
    if (m?.[1]) out.push(Number(m[1]));
  }
  return out;
}
