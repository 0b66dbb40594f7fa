import { createPatientAccessLogReader, createPatientAccessRecorder, drainPatientAccessBuffer, withTenant, type Tx } from '@korevitta/db';
import { listPatientAccessLog, type AccessKind, type PatientAccessRecorder, type Result } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';

export interface ReadContext { auth: AuthContext; requestId: string; now: Date }

/** The access log recorder of one tenant transaction: the caller is the reader, the request id is bound. */
export function patientAccessRecorder(tx: Tx, ctx: ReadContext): PatientAccessRecorder {
  return createPatientAccessRecorder(tx, {
    professionalId: ctx.auth.professionalId,
    reader: { userId: ctx.auth.userId, role: ctx.auth.role, patientId: ctx.auth.patientId },
    requestId: ctx.requestId,
    now: ctx.now,
  });
}

type Success<R> = Extract<R, { ok: true }>;
const succeeded = <R extends Result<unknown>>(r: R): r is Success<R> => r.ok;

/**
 * Records a successful read of a patient's health data in the read's own transaction (one insert into the
 * unlogged buffer) and hands the result back unchanged; a failed read (not found, forbidden) records nothing.
 * Read handlers wrap their use case with it, e.g. `recordedRead(access, 'risk', await getPatientRisk(...), (v) => v.patientId)`.
 */
export async function recordedRead<R extends Result<unknown>>(access: PatientAccessRecorder, kind: AccessKind, result: R, patientIdOf: (value: Success<R>['value']) => string): Promise<R> {
  if (succeeded(result)) await access.record(patientIdOf(result.value), kind);
  return result;
}

/**
 * The same for a read whose use case ran inside a request scope (withProtocolDeps, withDailyDeps) that does not
 * hand out its transaction: the entry is appended in a short transaction of its own, after the read succeeded.
 */
export async function recordRead<R extends Result<unknown>>(scope: { rt: Pick<Runtime, 'db' | 'clock'>; auth: AuthContext; requestId: string }, kind: AccessKind, result: R, patientIdOf: (value: Success<R>['value']) => string): Promise<R> {
  if (!succeeded(result)) return result;
  const patientId = patientIdOf(result.value);
  await withTenant(scope.rt.db, tenantOf(scope.auth), (tx) => patientAccessRecorder(tx, { auth: scope.auth, requestId: scope.requestId, now: scope.rt.clock.now() }).record(patientId, kind));
  return result;
}

/** GET /v1/patients/{id}/access-log in one tenant transaction. */
export function readPatientAccessLog(rt: Runtime, auth: AuthContext, query: Parameters<typeof listPatientAccessLog>[1]) {
  return withTenant(rt.db, tenantOf(auth), (tx) => listPatientAccessLog({ accessLog: createPatientAccessLogReader(tx) }, query));
}

/** The drain job (system role): buffer → partitioned log. */
export const drainAccessLog = (rt: Runtime) => drainPatientAccessBuffer(rt.db);
