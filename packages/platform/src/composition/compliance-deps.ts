import { createPatientAccessLogReader, createPatientAccessRecorder, drainPatientAccessBuffer, withTenant, type Tx } from '@korevitta/db';
import { listPatientAccessLog, type PatientAccessRecorder } from '@korevitta/domain';
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

/** GET /v1/patients/{id}/access-log in one tenant transaction. */
export function readPatientAccessLog(rt: Runtime, auth: AuthContext, query: Parameters<typeof listPatientAccessLog>[1]) {
  return withTenant(rt.db, tenantOf(auth), (tx) => listPatientAccessLog({ accessLog: createPatientAccessLogReader(tx) }, query));
}

/** The drain job (system role): buffer → partitioned log. */
export const drainAccessLog = (rt: Runtime) => drainPatientAccessBuffer(rt.db);
