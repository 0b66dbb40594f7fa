import { createHash } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import { and, eq } from 'drizzle-orm';
import { tables, withTenant, type TenantContext } from '@korevitta/db';
import { tenantOf } from '../auth/tenant-of.ts';
import type { AuthContext, HttpOutput } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { problemOutput, type Locale } from './problems.ts';

const { idempotencyKeys } = tables;
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Stored responses are kept 24 h (draft-ietf-httpapi-idempotency-key-header; Stripe practice). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** An in-flight claim older than this is considered abandoned (the handler crashed) and may be retaken. */
const IN_FLIGHT_LOCK_MS = 60 * 1000;

interface Context { rt: Runtime; auth: AuthContext; req: HttpRequest; route: string; rawBody: unknown; locale: Locale; requestId: string }

/**
 * `Idempotency-Key` on POST (TEST-CATALOG 42): same key + same payload → the stored response; other
 * payload → 422; while the first is still running → 409. Keys are scoped to professional + user.
 * Without the header the request runs normally. 5xx answers are not stored, so a retry can succeed.
 */
export async function withIdempotency(c: Context, call: () => Promise<HttpOutput>): Promise<HttpOutput> {
  const key = c.req.headers.get('idempotency-key');
  if (key === null) return call();
  if (!KEY.test(key)) return problemOutput('IDEMPOTENCY.KEY_INVALID', c.locale, { requestId: c.requestId });
  const requestHash = createHash('sha256').update(`POST ${c.route}\n${JSON.stringify(c.rawBody ?? null)}`).digest('base64url');
  const now = c.rt.clock.now();
  const tenant = tenantOf(c.auth);
  const where = and(eq(idempotencyKeys.professionalId, c.auth.professionalId), eq(idempotencyKeys.userId, c.auth.userId), eq(idempotencyKeys.key, key));

  const claim = await withTenant(c.rt.db, tenant, async (tx) => {
    const inserted = await tx.insert(idempotencyKeys).values({
      professionalId: c.auth.professionalId, userId: c.auth.userId, key, requestHash, state: 'in_flight',
      lockedUntil: new Date(now.getTime() + IN_FLIGHT_LOCK_MS), expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS), createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return { kind: 'claimed' as const };
    const [existing] = await tx.select().from(idempotencyKeys).where(where).for('update');
    if (!existing) return { kind: 'claimed' as const };
    const expired = existing.expiresAt.getTime() <= now.getTime();
    const abandoned = existing.state === 'in_flight' && existing.lockedUntil.getTime() <= now.getTime();
    if (expired || (abandoned && existing.requestHash === requestHash)) {
      await tx.update(idempotencyKeys).set({
        requestHash, state: 'in_flight', responseStatus: null, responseHeaders: null, responseBody: null,
        lockedUntil: new Date(now.getTime() + IN_FLIGHT_LOCK_MS), expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS), updatedAt: now,
      }).where(where);
      return { kind: 'claimed' as const };
    }
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' as const };
    if (existing.state === 'in_flight') return { kind: 'in_flight' as const };
    return { kind: 'replay' as const, status: existing.responseStatus ?? 200, headers: existing.responseHeaders ?? {}, body: existing.responseBody };
  });

  switch (claim.kind) {
    case 'mismatch':
      return problemOutput('IDEMPOTENCY.KEY_REUSED', c.locale, { requestId: c.requestId });
    case 'in_flight':
      return problemOutput('IDEMPOTENCY.IN_FLIGHT', c.locale, { requestId: c.requestId, headers: { 'retry-after': '1' } });
    case 'replay':
      return {
        status: claim.status,
        headers: { ...claim.headers, 'idempotency-replayed': 'true' },
        ...(claim.body !== null ? { body: JSON.parse(claim.body) as unknown } : {}),
      };
    case 'claimed':
      break;
  }

  let output: HttpOutput;
  try {
    output = await call();
  } catch (error) {
    await release(c, tenant, where);
    throw error;
  }
  if (output.status >= 500) {
    await release(c, tenant, where);
    return output;
  }
  await withTenant(c.rt.db, tenant, async (tx) => {
    await tx.update(idempotencyKeys).set({
      state: 'completed',
      responseStatus: output.status,
      responseHeaders: output.headers ?? {},
      responseBody: output.body === undefined ? null : JSON.stringify(output.body),
      updatedAt: c.rt.clock.now(),
    }).where(where);
  });
  return output;
}

async function release(c: Context, tenant: TenantContext, where: ReturnType<typeof and>): Promise<void> {
  await withTenant(c.rt.db, tenant, async (tx) => { await tx.delete(idempotencyKeys).where(where); });
}
