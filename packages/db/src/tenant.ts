import { trace, SpanStatusCode } from '@opentelemetry/api';
import type { Database, Orm } from './connection.ts';

/** What a use case's repositories query through: drizzle bound to one transaction with its role and tenant set. */
export type Tx = Orm;

/** Who is calling, as the database sees it (DESIGN.md §5). */
export interface TenantContext {
  userId: string;
  role: 'professional' | 'patient';
  professionalId: string;
  patientId: string | null;
  /** The access token's session: checked live inside the transaction (ADR 0014). Jobs and tests leave it out. */
  sessionId?: string | undefined;
}

const tracer = trace.getTracer('korevitta.db');

async function traced<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes: { 'db.system': 'postgresql' } }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * One transaction as the RLS-bound app role with the caller's identity set transaction-locally
 * (set_config(..., true), bound parameters), so a pooled connection never carries a tenant over.
 */
export function withTenant<T>(db: Database, ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return traced('db.tenant_transaction', () =>
    db.transaction(
      { role: 'korevitta_app', userId: ctx.userId, appRole: ctx.role, professionalId: ctx.professionalId, patientId: ctx.patientId ?? '', sessionId: ctx.sessionId },
      fn,
    ),
  );
}

/**
 * One transaction as korevitta_system, whose policies let it see every tenant. Only jobs and the
 * pre-authentication flows (login, refresh, reset) use it; `reason` names why, for the trace.
 */
export function withSystemBypass<T>(db: Database, reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return traced(`db.system_transaction ${reason}`, () =>
    db.transaction({ role: 'korevitta_system', userId: '', appRole: '', professionalId: '', patientId: '' }, fn),
  );
}
