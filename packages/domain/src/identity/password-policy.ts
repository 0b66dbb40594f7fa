import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../shared/field-problems.ts';

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

/** A password problem as the invalid field of the request that carried it (`/body/password`, `/body/newPassword`). */
export function passwordFieldProblem(problem: PasswordProblem, pointer: string): FieldProblem {
  switch (problem) {
    case 'too_short': return { pointer, code: 'too_short', params: { min: PASSWORD_MIN_LENGTH, unit: 'characters' } };
    case 'too_long': return { pointer, code: 'too_long', params: { max: PASSWORD_MAX_LENGTH, unit: 'characters' } };
    case 'too_common': return { pointer, code: 'too_common' };
    case 'contains_email': return { pointer, code: 'contains_email' };
    default: {
      const never: never = problem;
      return never;
    }
  }
}
