import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 is an ambient const enum, not importable under verbatimModuleSyntax.
const ARGON2ID = 2;
import type { PasswordHasher } from '@korevitta/domain';

export type { PasswordHasher };

/** OWASP Password Storage Cheat Sheet, argon2id first configuration (m=19 MiB, t=2, p=1). */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const PARAMS = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

export function createPasswordHasher(params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS): PasswordHasher & { ready: Promise<void> } {
  const options = { algorithm: ARGON2ID, ...params };
  // A real hash of a random value: verifying against it costs what a real account costs.
  let dummy = '';
  const ready = hash(`dummy-${Math.random()}`, options).then((h) => { dummy = h; });
  return {
    ready,
    hash: (password) => hash(password, options),
    verify: async (stored, password) => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    needsRehash: (stored) => {
      const m = PARAMS.exec(stored);
      if (!m) return true;
      return Number(m[1]) < params.memoryCost || Number(m[2]) < params.timeCost || Number(m[3]) < params.parallelism;
    },
    burn: async (password) => {
      await ready;
      await verify(dummy, password).catch(() => false);
    },
  };
}
