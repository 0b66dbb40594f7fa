import type { IdentityStore, Ids, SecretTokens } from './ports.ts';
import type { IssuedSession, UserAccount } from './types.ts';

export interface SessionDeps { store: IdentityStore; ids: Ids; secrets: SecretTokens; now: Date; refreshTtlDays: number }

/** Opens a new refresh-token family for a user who just proved who they are. */
export async function startSession(deps: SessionDeps, user: UserAccount): Promise<IssuedSession> {
  const refreshToken = deps.secrets.generate();
  const sessionId = deps.ids.newId();
  const refreshExpiresAt = new Date(deps.now.getTime() + deps.refreshTtlDays * 86_400_000);
  await deps.store.startSession({
    sessionId,
    tokenId: deps.ids.newId(),
    user,
    refreshHash: deps.secrets.hash(refreshToken),
    expiresAt: refreshExpiresAt,
    now: deps.now,
  });
  return { user: { id: user.id, professionalId: user.professionalId, patientId: user.patientId, role: user.role }, sessionId, refreshToken, refreshExpiresAt };
}
