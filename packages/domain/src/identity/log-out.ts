import type { IdentityStore } from './ports.ts';

/** Revokes the caller's session (its refresh-token family). Idempotent: a second logout is a no-op.
 * Deliberate seam (ADR 0016): the store revokes the whole family in one statement. */
export async function logOut(deps: { store: IdentityStore; now: Date }, caller: { sessionId: string; userId: string }): Promise<void> {
  await deps.store.revokeSession(caller.sessionId, caller.userId, 'logout', deps.now);
}
