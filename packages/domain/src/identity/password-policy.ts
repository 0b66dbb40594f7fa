import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome; the cap only bounds hashing cost (no truncation below it). */
export const PASSWORD_MAX_LENGTH = 256;

// zxcvbn-ts ranks its common-password list by frequency; the first 3000 are refused outright.
const TOP_COMMON = new Set((dictionary['passwords-common'] ?? []).slice(0, 3000).map((p) => p.toLowerCase()));

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email';

/** ASVS 6.2: length 8+ (counted in code points), no composition rules, top-3000 common passwords refused. */
export function checkPassword(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (TOP_COMMON.has(password.toLowerCase())) return 'too_common';
  if (email) {
    const local = email.split('@')[0]?.toLowerCase() ?? '';
    if (local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
  }
  return null;
}

export const PASSWORD_PROBLEM_DETAIL: Record<PasswordProblem, string> = {
  too_short: `password must have at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `password must have at most ${PASSWORD_MAX_LENGTH} characters`,
  too_common: 'password is among the most common passwords',
  contains_email: 'password must not contain the e-mail address',
};
