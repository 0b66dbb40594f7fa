export type Role = 'professional' | 'patient';
export type Locale = 'pt-BR' | 'en';

export interface UserAccount {
  id: string;
  professionalId: string;
  patientId: string | null;
  role: Role;
  email: string;
  passwordHash: string;
  locale: Locale;
  disabledAt: Date | null;
  deletedAt: Date | null;
}

/** What a successful login, refresh or invite acceptance hands to the client. */
export interface IssuedSession {
  user: Pick<UserAccount, 'id' | 'professionalId' | 'patientId' | 'role'>;
  sessionId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const isActiveAccount = (u: Pick<UserAccount, 'disabledAt' | 'deletedAt'>): boolean => u.disabledAt === null && u.deletedAt === null;
