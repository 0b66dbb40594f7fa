import { createHash, randomBytes } from 'node:crypto';
import type { SecretTokens } from '@korevitta/domain';

/**
 * Opaque one-time secrets (refresh, reset, invite): 256 random bits, base64url. Only their SHA-256 is
 * stored; a high-entropy secret needs no slow hash.
 */
export function createSecretTokens(prefix = ''): SecretTokens {
  return {
    generate: () => `${prefix}${randomBytes(32).toString('base64url')}`,
    hash: (token) => createHash('sha256').update(token, 'utf8').digest('base64url'),
  };
}

/** The three kinds of one-time secret, each with its own visible prefix. */
export const refreshSecrets = createSecretTokens('rt_');
export const resetSecrets = createSecretTokens('pr_');
export const inviteSecrets = createSecretTokens('iv_');
