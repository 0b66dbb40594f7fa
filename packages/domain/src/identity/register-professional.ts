import { fail, ok, type Result } from '../shared/result.ts';
import { checkPassword, passwordFieldProblem } from './password-policy.ts';
import type { IdentityStore, Ids, PasswordHasher } from './ports.ts';
import { normalizeEmail, type Locale } from './types.ts';

export interface RegisterProfessionalInput { email: string; password: string; name: string; locale: Locale }
export interface RegisterProfessionalDeps { store: IdentityStore; hasher: PasswordHasher; ids: Ids; now: Date }

export async function registerProfessional(
  deps: RegisterProfessionalDeps,
  input: RegisterProfessionalInput,
): Promise<Result<{ userId: string; professionalId: string }, 'AUTH.WEAK_PASSWORD' | 'AUTH.EMAIL_TAKEN'>> {
  const problem = checkPassword(input.password, input.email);
  if (problem) return fail('AUTH.WEAK_PASSWORD', { fields: [passwordFieldProblem(problem, '/body/password')] });
  const ids = { professionalId: deps.ids.newId(), userId: deps.ids.newId() };
  const outcome = await deps.store.createProfessionalAccount({
    ...ids,
    name: input.name.trim(),
    email: input.email.trim(),
    emailNormalized: normalizeEmail(input.email),
    passwordHash: await deps.hasher.hash(input.password),
    locale: input.locale,
    now: deps.now,
  });
  return outcome === 'created' ? ok(ids) : fail('AUTH.EMAIL_TAKEN');
}
