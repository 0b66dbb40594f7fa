import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { applyFailure, secondsBlocked, type LoginThrottle, type ThrottlePolicy, type ThrottleState } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { withSystemBypass } from '../tenant.ts';
import { authThrottle } from '../schema/index.ts';

export interface ThrottlePolicies { account: ThrottlePolicy; ip: ThrottlePolicy }

// Keys are hashes: the table never holds an e-mail address or an IP address.
const hashed = (kind: 'acct' | 'ip', value: string) => `${kind}:${createHash('sha256').update(value).digest('base64url')}`;

/**
 * Attempt counters in Postgres, shared by every instance of the Functions app. `scope` separates the
 * counters of different flows: '' for failed logins (the keys it always had), 'reset' for password-reset
 * requests, each flow with its own policies.
 */
export function createLoginThrottle(db: Database, policies: ThrottlePolicies, scope: '' | 'reset' = ''): LoginThrottle {
  const keyFor = (kind: 'acct' | 'ip', value: string) => (scope ? `${scope}:${hashed(kind, value)}` : hashed(kind, value));
  return {
    blockedFor: ({ email, ip }, now) =>
      withSystemBypass(db, 'login throttle: check', async (tx) => {
        const rows = await tx.select().from(authThrottle).where(inArray(authThrottle.key, [keyFor('acct', email), keyFor('ip', ip)]));
        return Math.max(0, ...rows.map((r) => secondsBlocked(r, now)));
      }),

    recordFailure: ({ email, ip }, now) =>
      withSystemBypass(db, 'login throttle: record failure', async (tx) => {
        for (const [key, policy] of [[keyFor('acct', email), policies.account], [keyFor('ip', ip), policies.ip]] as const) {
          await tx.insert(authThrottle).values({ key, windowStartedAt: now, failures: 0, updatedAt: now }).onConflictDoNothing();
          const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).for('update');
          const next: ThrottleState = applyFailure(row && row.failures > 0 ? row : null, now, policy);
          await tx.update(authThrottle).set({ ...next, updatedAt: now }).where(eq(authThrottle.key, key));
        }
      }),

    clearAccount: (email) =>
      withSystemBypass(db, 'login throttle: clear', async (tx) => {
        await tx.delete(authThrottle).where(eq(authThrottle.key, keyFor('acct', email)));
      }),
  };
}

/** Housekeeping for a timer: drop counters whose window and block are long over. */
export function pruneLoginThrottle(db: Database, olderThan: Date): Promise<void> {
  return withSystemBypass(db, 'login throttle: prune', async (tx) => {
    await tx.delete(authThrottle).where(and(lt(authThrottle.updatedAt, olderThan), or(isNull(authThrottle.blockedUntil), lt(authThrottle.blockedUntil, olderThan))));
  });
}
