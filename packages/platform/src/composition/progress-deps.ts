import { createMeasurementStore, createRiskRecalculationRequests, recordAudit, withTenant, type Tx } from '@korevitta/db';
import type { MeasurementDeps, ProgressAudit, ProgressCaller } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { ids } from '../identity/identity-deps.ts';

/**
 * The wiring of the progress context (measurements, uploads, photos, lab panels): handlers call these and never
 * touch the database package. Each runs the use case in ONE tenant transaction (RLS as the caller).
 */
interface RequestMeta { auth: AuthContext; requestId: string; now: Date }

export const progressCallerOf = (a: AuthContext): ProgressCaller => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });

const tenantOf = (a: AuthContext) => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });

export function progressAudit(tx: Tx, meta: RequestMeta): ProgressAudit {
  return {
    record: (entry) => recordAudit(tx, {
      professionalId: meta.auth.professionalId, actor: { userId: meta.auth.userId, role: meta.auth.role }, requestId: meta.requestId, occurredAt: meta.now, ...entry,
    }),
  };
}

function measurementDeps(tx: Tx, meta: RequestMeta): MeasurementDeps {
  return {
    store: createMeasurementStore(tx),
    audit: progressAudit(tx, meta),
    risk: createRiskRecalculationRequests(tx, { professionalId: meta.auth.professionalId, now: meta.now, correlationId: meta.requestId }),
    newId: ids.newId,
    now: meta.now,
  };
}

/** Runs a measurement use case for the request's caller. */
export function withMeasurements<T>(rt: Runtime, meta: RequestMeta, fn: (deps: MeasurementDeps) => Promise<T>): Promise<T> {
  return withTenant(rt.db, tenantOf(meta.auth), (tx) => fn(measurementDeps(tx, meta)));
}
