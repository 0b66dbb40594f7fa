import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { withSystemBypass, tables } from '@korevitta/db';
import { inviteSecrets, ids } from '@korevitta/platform';
import type { TestHost } from './test-host.ts';

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 12)}@example.com`;
/** A fake client address, unique per call, sent through a trusted proxy hop (TRUSTED_PROXY_HOPS=2). */
export const uniqueIp = () => `10.${rand()}.${rand()}.${rand()}`;
const rand = () => Math.floor(Math.random() * 254) + 1;
export const STRONG_PASSWORD = 'correct horse battery staple 42';

export interface Professional { email: string; password: string; userId: string; professionalId: string; accessToken: string; refreshToken: string; ip: string }

/**
 * A registered, logged-in professional. Its practice is on the unlimited `clinic` plan (so tests that are
 * not about limits never meet one) unless `plan` says otherwise; `plan: null` leaves it as a new sign-up is
 * (no subscription row: the free plan).
 */
export async function createProfessional(h: TestHost, overrides: { email?: string; password?: string; name?: string; plan?: 'free' | 'pro' | 'clinic' | null } = {}): Promise<Professional> {
  const email = overrides.email ?? uniqueEmail('pro');
  const password = overrides.password ?? STRONG_PASSWORD;
  const ip = uniqueIp();
  const reg = await h.api.post('/v1/auth/register', { email, password, name: overrides.name ?? 'Dra. Ana Souza' });
  expect(reg.status).toBe(201);
  const tokens = await login(h, email, password, ip);
  expect(tokens.status).toBe(200);
  const plan = overrides.plan === undefined ? 'clinic' : overrides.plan;
  if (plan) await setSubscription(h, reg.body.professionalId, { planCode: plan, status: 'active' });
  return { email, password, userId: reg.body.userId, professionalId: reg.body.professionalId, accessToken: tokens.body.accessToken, refreshToken: tokens.body.refreshToken, ip };
}

/** Puts a practice's subscription in a state directly (as the billing consumer would), for tests of limits. */
export async function setSubscription(
  h: Pick<TestHost, 'db'>, professionalId: string,
  state: { planCode: 'free' | 'pro' | 'clinic'; status: 'trialing' | 'active' | 'past_due' | 'canceled'; pastDueSince?: Date | null },
): Promise<void> {
  const values = { planCode: state.planCode, status: state.status, pastDueSince: state.pastDueSince ?? null };
  await withSystemBypass(h.db, 'test factory: subscription', (tx) => tx.insert(tables.subscriptions).values({ professionalId, ...values })
    .onConflictDoUpdate({ target: tables.subscriptions.professionalId, set: values }));
}

export function login(h: TestHost, email: string, password: string, ip = uniqueIp()) {
  return h.api.post('/v1/auth/login', { email, password }, { headers: { 'x-forwarded-for': ip } });
}

/** A patient record of a professional with a pending invite whose plaintext token the test knows. */
export async function createInvitedPatient(h: TestHost, professionalId: string, overrides: { email?: string; expiresAt?: Date; name?: string } = {}) {
  const patientId = ids.newId();
  const token = inviteSecrets.generate();
  const email = overrides.email ?? uniqueEmail('patient');
  const now = h.rt.clock.now();
  await withSystemBypass(h.db, 'test factory: invited patient', async (tx) => {
    await tx.insert(tables.patients).values({ id: patientId, professionalId, name: overrides.name ?? 'João da Silva', email, timezone: 'America/Sao_Paulo', status: 'active', createdAt: now, updatedAt: now });
    await tx.insert(tables.patientInvites).values({
      id: ids.newId(), professionalId, patientId, tokenHash: inviteSecrets.hash(token),
      expiresAt: overrides.expiresAt ?? new Date(now.getTime() + 7 * 86_400_000), createdAt: now, updatedAt: now,
    });
  });
  return { patientId, token, email };
}

export interface PatientLogin { patientId: string; email: string; token: string }

/** A patient of `professionalId` who accepted its invite (a login of its own): its id, e-mail and access token. */
export async function createPatientLogin(h: TestHost, professionalId: string, name = 'João da Silva'): Promise<PatientLogin> {
  const invited = await createInvitedPatient(h, professionalId, { name });
  const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
  expect(accepted.status).toBe(201);
  return { patientId: invited.patientId, email: invited.email, token: accepted.body.accessToken as string };
}

export { randomUUID };
