import type { AuthContext } from '../auth/auth-context.ts';
import type { Runtime } from '../runtime.ts';

/**
 * The app's own rate limit on general routes (ADR 0015, TEST-CATALOG 29): a fixed window per client address
 * and per authenticated user (a professional's user is the professional; each patient counts on its own, so
 * one patient cannot spend their professional's quota). Counters live in this instance's memory: no SQL
 * statement per request. API Management enforces the same policies across instances where its tier offers
 * rate-limit-by-key, and there the app's limits are configured off (quota 0).
 *
 * Headers follow draft-ietf-httpapi-ratelimit-headers-10: `RateLimit-Policy` lists the policies applied to
 * the request (`"per-address";q=600;w=60`), `RateLimit` the remaining quota `r` and seconds to reset `t` of each.
 */
export type RateLimitPolicyName = 'per-address' | 'per-user';
export interface RateLimitSettings { perAddress: number; perUser: number; windowSeconds: number }

interface Window { startedAt: number; hits: number }
interface Count { policy: RateLimitPolicyName; quota: number; remaining: number; resetSeconds: number; exceeded: boolean }

export interface RateLimitDecision {
  headers: Record<string, string>;
  /** The first policy over its quota, with the seconds until its window ends. */
  exceeded: { policy: RateLimitPolicyName; retryAfterSeconds: number } | null;
}

/** Keys beyond this are evicted, expired windows first (an evicted key starts a new window). */
const MAX_KEYS = 100_000;

export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly settings: RateLimitSettings, private readonly maxKeys = MAX_KEYS) {}

  /** Counts one request against each applicable policy. `user` is null for anonymous calls. */
  hit(address: string, user: string | null, nowMs: number): RateLimitDecision {
    const counts: Count[] = [];
    if (this.settings.perAddress > 0) counts.push(this.count('per-address', `a:${address}`, this.settings.perAddress, nowMs));
    if (this.settings.perUser > 0 && user) counts.push(this.count('per-user', `u:${user}`, this.settings.perUser, nowMs));
    if (counts.length === 0) return { headers: {}, exceeded: null };
    const w = this.settings.windowSeconds;
    const over = counts.find((c) => c.exceeded);
    return {
      headers: {
        'ratelimit-policy': counts.map((c) => `"${c.policy}";q=${c.quota};w=${w}`).join(', '),
        ratelimit: counts.map((c) => `"${c.policy}";r=${c.remaining};t=${c.resetSeconds}`).join(', '),
      },
      exceeded: over ? { policy: over.policy, retryAfterSeconds: over.resetSeconds } : null,
    };
  }

  private count(policy: RateLimitPolicyName, key: string, quota: number, nowMs: number): Count {
    const windowMs = this.settings.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAt >= windowMs) {
      this.windows.delete(key);
      this.evictIfFull(nowMs, windowMs);
      window = { startedAt: nowMs, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - nowMs) / 1000));
    return { policy, quota, remaining: Math.max(0, quota - window.hits), resetSeconds, exceeded: window.hits > quota };
  }

  private evictIfFull(nowMs: number, windowMs: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) if (nowMs - w.startedAt >= windowMs) this.windows.delete(k);
    // Still full: the oldest windows go (Map keeps insertion order).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

const limiters = new WeakMap<Runtime, FixedWindowLimiter>();

/** Counts the request of `auth` from `clientIp` against the runtime's limiter; logs a security event when over. */
export function applyRateLimit(rt: Runtime, auth: AuthContext | null, clientIp: string, route: string): RateLimitDecision {
  let limiter = limiters.get(rt);
  if (!limiter) {
    limiter = new FixedWindowLimiter(rt.config.rateLimit);
    limiters.set(rt, limiter);
  }
  const decision = limiter.hit(clientIp, auth?.userId ?? null, rt.clock.now().getTime());
  if (decision.exceeded) {
    rt.log.security('ratelimit.exceeded', {
      outcome: 'denied', policy: decision.exceeded.policy, route,
      ...(auth ? { actor: auth.userId, tenant: auth.professionalId } : {}),
    });
  }
  return decision;
}
