import { fail, ok, type Result } from '../shared/result.ts';
import type { Locale, Role } from './types.ts';

export interface Profile {
  user: { id: string; email: string; role: Role; locale: Locale };
  professional: { id: string; name: string; displayName: string | null };
  patient: { id: string; name: string; timezone: string } | null;
  /** The account's revision (ETag; If-Match on PATCH /v1/me). */
  revision: number;
}

/** Port: reads the caller's own profile inside the caller's tenant transaction (RLS-bound). */
export interface ProfileReader { findProfile(userId: string): Promise<Profile | null> }

export async function getMe(deps: { profiles: ProfileReader }, caller: { userId: string }): Promise<Result<Profile, 'AUTH.UNAUTHENTICATED'>> {
  const profile = await deps.profiles.findProfile(caller.userId);
  return profile ? ok(profile) : fail('AUTH.UNAUTHENTICATED');
}
