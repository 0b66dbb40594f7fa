export type Role = 'professional' | 'patient';

/** The authenticated caller, from a verified access token. */
export interface AuthContext {
  userId: string;
  role: Role;
  professionalId: string;
  patientId: string | null;
  sessionId: string;
}
