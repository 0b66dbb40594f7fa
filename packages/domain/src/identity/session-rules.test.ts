import { describe, expect, it } from 'vitest';
import { applyFailure, decideInvite, decideRefresh, secondsBlocked } from './session-rules.ts';
import type { InviteState, RefreshTokenState } from './ports.ts';

const now = new Date('2026-11-29T12:00:00Z');
const token = (over: Partial<RefreshTokenState> = {}): RefreshTokenState => ({
  sessionId: 's', userId: 'u', professionalId: 'p', patientId: null, role: 'professional',
  usedAt: null, expiresAt: new Date(now.getTime() + 1000), sessionRevokedAt: null, userActive: true, ...over,
});

describe('decideRefresh', () => {
  it('when the token is live, then it rotates', () => expect(decideRefresh(token(), now)).toEqual({ kind: 'rotate' }));
  it('when the token was already spent, then it is reuse', () => expect(decideRefresh(token({ usedAt: now }), now)).toEqual({ kind: 'reuse_detected' }));
  it('when the family is revoked, then it is rejected even if spent', () =>
    expect(decideRefresh(token({ usedAt: now, sessionRevokedAt: now }), now)).toEqual({ kind: 'reject', reason: 'revoked' }));
  it('when the token expired exactly now, then it is rejected', () =>
    expect(decideRefresh(token({ expiresAt: now }), now)).toEqual({ kind: 'reject', reason: 'expired' }));
  it('when the user is disabled, then it is rejected', () =>
    expect(decideRefresh(token({ userActive: false }), now)).toEqual({ kind: 'reject', reason: 'inactive_user' }));
});

const invite = (over: Partial<InviteState> = {}): InviteState => ({
  inviteId: 'i', professionalId: 'p', patientId: 'pt', email: 'a@b.co', expiresAt: new Date(now.getTime() + 1000),
  acceptedAt: null, supersededAt: null, patientHasLogin: false, patientDeleted: false, ...over,
});

describe('decideInvite', () => {
  it('when the invite is fresh, then it is accepted', () => expect(decideInvite(invite(), now).kind).toBe('accept'));
  it.each([
    ['already accepted', { acceptedAt: now }],
    ['superseded by a resend', { supersededAt: now }],
    ['expired', { expiresAt: now }],
    ['patient deleted', { patientDeleted: true }],
    ['patient already has a login', { patientHasLogin: true }],
    ['patient has no e-mail', { email: null }],
  ])('when %s, then it is rejected', (_l, over) => expect(decideInvite(invite(over), now).kind).toBe('reject'));
});

describe('login throttle arithmetic', () => {
  const policy = { maxFailures: 3, windowSeconds: 60 };
  it('when failures reach the maximum inside the window, then it blocks for one window', () => {
    let s = applyFailure(null, now, policy);
    s = applyFailure(s, new Date(now.getTime() + 1000), policy);
    expect(secondsBlocked(s, now)).toBe(0);
    s = applyFailure(s, new Date(now.getTime() + 2000), policy);
    expect(s.failures).toBe(3);
    expect(secondsBlocked(s, new Date(now.getTime() + 2000))).toBe(60);
  });
  it('when the window has passed, then counting restarts', () => {
    const s1 = applyFailure(applyFailure(null, now, policy), now, policy);
    const s2 = applyFailure(s1, new Date(now.getTime() + 61_000), policy);
    expect(s2.failures).toBe(1);
    expect(s2.blockedUntil).toBeNull();
  });
  it('when never blocked, then zero seconds', () => expect(secondsBlocked(null, now)).toBe(0));
});
