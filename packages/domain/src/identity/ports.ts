import type { Locale, Role, UserAccount } from './types.ts';

/** Password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** A hash made with weaker parameters than the current ones must be replaced after login. */
  needsRehash(hash: string): boolean;
  /** Verifies against a fixed dummy hash, so an unknown account costs the same time as a known one. */
  burn(password: string): Promise<void>;
}

/** Opaque secrets (refresh, reset and invite tokens): random generation and one-way hashing for storage. */
export interface SecretTokens {
  generate(): string;
  hash(token: string): string;
}

export interface Ids { newId(): string }

export interface ThrottleKeys { email: string; ip: string }
/** Failed-login counters per account and per client address. */
export interface LoginThrottle {
  /** Seconds until the next attempt may be made; 0 when allowed. */
  blockedFor(keys: ThrottleKeys, now: Date): Promise<number>;
  recordFailure(keys: ThrottleKeys, now: Date): Promise<void>;
  clearAccount(email: string): Promise<void>;
}

export interface NewProfessionalAccount {
  professionalId: string;
  userId: string;
  name: string;
  email: string;
  emailNormalized: string;
  passwordHash: string;
  locale: Locale;
  now: Date;
}

export interface RefreshTokenState {
  sessionId: string;
  userId: string;
  professionalId: string;
  patientId: string | null;
  role: Role;
  usedAt: Date | null;
  expiresAt: Date;
  sessionRevokedAt: Date | null;
  userActive: boolean;
}

export type RefreshDecision =
  | { kind: 'rotate' }
  | { kind: 'reuse_detected' }
  | { kind: 'reject'; reason: 'expired' | 'revoked' | 'inactive_user' };

export interface InviteState {
  inviteId: string;
  professionalId: string;
  patientId: string;
  email: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  supersededAt: Date | null;
  patientHasLogin: boolean;
  patientDeleted: boolean;
}

export type InviteDecision = { kind: 'accept' } | { kind: 'reject' };

/** Identity persistence; each method is one atomic unit of work. */
export interface IdentityStore {
  findUserByEmail(emailNormalized: string): Promise<UserAccount | null>;
  createProfessionalAccount(input: NewProfessionalAccount): Promise<'created' | 'email_taken'>;
  updatePasswordHash(userId: string, hash: string, now: Date): Promise<void>;
  startSession(input: { sessionId: string; tokenId: string; user: Pick<UserAccount, 'id' | 'professionalId'>; refreshHash: string; expiresAt: Date; now: Date }): Promise<void>;
  /**
   * Locks the presented token, asks `decide`, and applies the decision atomically: rotate (spend the
   * token, add the successor) or revoke the whole family on reuse.
   */
  rotateRefreshToken(input: {
    presentedHash: string;
    successor: { tokenId: string; hash: string; expiresAt: Date };
    now: Date;
    decide: (state: RefreshTokenState) => RefreshDecision;
  }): Promise<{ outcome: 'not_found' } | { outcome: RefreshDecision['kind']; state: RefreshTokenState }>;
  revokeSession(sessionId: string, userId: string, reason: 'logout', now: Date): Promise<boolean>;
  /** Appends the reset e-mail event to the outbox (the consumer mints the one-time token). */
  requestPasswordReset(input: { user: UserAccount; now: Date; correlationId: string | null }): Promise<void>;
  resetPassword(input: { tokenHash: string; newHash: string; now: Date }): Promise<{ outcome: 'reset'; userId: string } | { outcome: 'invalid' }>;
  acceptInvite(input: {
    tokenHash: string;
    now: Date;
    userId: string;
    passwordHash: string;
    locale: Locale;
    decide: (state: InviteState) => InviteDecision;
  }): Promise<{ outcome: 'accepted'; user: UserAccount } | { outcome: 'invalid' } | { outcome: 'email_taken' }>;
}
