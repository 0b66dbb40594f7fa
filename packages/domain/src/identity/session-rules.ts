import type { InviteDecision, InviteState, RefreshDecision, RefreshTokenState } from './ports.ts';

/**
 * Refresh-token rotation (RFC 9700 §4.14.2): a live token rotates once; presenting a spent token is
 * reuse and revokes the whole family, including its current token. No grace window.
 */
export function decideRefresh(state: RefreshTokenState, now: Date): RefreshDecision {
  if (state.sessionRevokedAt !== null) return { kind: 'reject', reason: 'revoked' };
  if (state.usedAt !== null) return { kind: 'reuse_detected' };
  if (!state.userActive) return { kind: 'reject', reason: 'inactive_user' };
  if (state.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', reason: 'expired' };
  return { kind: 'rotate' };
}

/** An invite is single use, expires, dies when resent, and needs a live patient without a login. */
export function decideInvite(state: InviteState, now: Date): InviteDecision {
  if (state.acceptedAt !== null || state.supersededAt !== null) return { kind: 'reject' };
  if (state.expiresAt.getTime() <= now.getTime()) return { kind: 'reject' };
  if (state.patientDeleted || state.patientHasLogin || !state.email) return { kind: 'reject' };
  return { kind: 'accept' };
}

export interface ThrottleState { windowStartedAt: Date; failures: number; blockedUntil: Date | null }
export interface ThrottlePolicy { maxFailures: number; windowSeconds: number }

/** A failed attempt: counts within a fixed window; reaching the maximum blocks for one window. */
export function applyFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowMs = policy.windowSeconds * 1000;
  const fresh = !state || now.getTime() - state.windowStartedAt.getTime() >= windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const blockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + windowMs) : (fresh ? null : state.blockedUntil);
  return { windowStartedAt, failures, blockedUntil };
}

export function secondsBlocked(state: ThrottleState | null, now: Date): number {
  if (!state?.blockedUntil) return 0;
  return Math.max(0, Math.ceil((state.blockedUntil.getTime() - now.getTime()) / 1000));
}
