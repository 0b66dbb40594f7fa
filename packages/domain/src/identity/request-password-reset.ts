import type { IdentityStore } from './ports.ts';

/** Event on the `critical` queue; its consumer mints the one-time token and sends the e-mail. */
export const PASSWORD_RESET_REQUESTED = 'identity.password_reset_requested';
import { isActiveAccount, normalizeEmail } from './types.ts';

/**
 * Queues a reset e-mail when the account exists and is active. The caller answers the same either way,
 * so the endpoint reveals nothing about which e-mails have accounts.
 */
export async function requestPasswordReset(
  deps: { store: IdentityStore; now: Date },
  input: { email: string; correlationId: string | null },
): Promise<void> {
  const user = await deps.store.findUserByEmail(normalizeEmail(input.email));
  if (!user || !isActiveAccount(user)) return;
  await deps.store.requestPasswordReset({ user, now: deps.now, correlationId: input.correlationId });
}
