import { fail, ok, type Result } from '../shared/result.ts';
import type { IdentityStore, Ids, SecretTokens } from './ports.ts';
import { decideRefresh } from './session-rules.ts';
import type { IssuedSession } from './types.ts';

export interface RefreshDeps { store: IdentityStore; ids: Ids; secrets: SecretTokens; now: Date; refreshTtlDays: number }

export type RefreshOutcome = Result<IssuedSession, 'AUTH.INVALID_REFRESH_TOKEN'> & { reuseDetectedInSession?: string };

/** Rotates a refresh token; a spent one revokes its family (the caller logs the security event). */
export async function refreshSession(deps: RefreshDeps, refreshToken: string): Promise<RefreshOutcome> {
  const next = deps.secrets.generate();
  const expiresAt = new Date(deps.now.getTime() + deps.refreshTtlDays * 86_400_000);
  const result = await deps.store.rotateRefreshToken({
    presentedHash: deps.secrets.hash(refreshToken),
    successor: { tokenId: deps.ids.newId(), hash: deps.secrets.hash(next), expiresAt },
    now: deps.now,
    decide: (state) => decideRefresh(state, deps.now),
  });
  if (result.outcome === 'rotate') {
    const s = result.state;
    return ok({
      user: { id: s.userId, professionalId: s.professionalId, patientId: s.patientId, role: s.role },
      sessionId: s.sessionId,
      refreshToken: next,
      refreshExpiresAt: expiresAt,
    });
  }
  if (result.outcome === 'reuse_detected') return { ...fail('AUTH.INVALID_REFRESH_TOKEN'), reuseDetectedInSession: result.state.sessionId };
  return fail('AUTH.INVALID_REFRESH_TOKEN');
}
