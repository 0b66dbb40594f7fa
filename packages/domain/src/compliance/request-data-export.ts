import { fail, invalid, ok, type Result } from '../shared/result.ts';
import {
  DATA_EXPORT_REQUESTED, DATA_EXPORT_TTL_MS, DATA_EXPORTS_PER_DAY,
  type DataExportCaller, type DataExportDeps, type DataExportRecord, type DataExportRequestedPayload, type DataExportScope,
} from './data-export-ports.ts';

const DAY_MS = 86_400_000;

export interface DataExportRequest { scope: DataExportScope; patientId: string | null }

/**
 * POST /v1/data-exports (LGPD Art. 18 II and V): a patient exports its own data (scope patient; a patientId, when
 * sent, must be its own, else 404); a professional one patient of its own (scope patient with patientId) or its whole
 * account (scope account, no patientId). Daily quota per requester (429). The row, its audit entry and the build
 * message commit together; the ZIP is built on the bulk queue.
 */
export async function requestDataExport(deps: DataExportDeps, caller: DataExportCaller, input: DataExportRequest):
  Promise<Result<DataExportRecord, 'DATA_EXPORT.SCOPE_NOT_ALLOWED' | 'DATA_EXPORT.QUOTA_EXCEEDED' | 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  let patientId: string | null;
  if (caller.role === 'patient') {
    if (input.scope !== 'patient') return fail('DATA_EXPORT.SCOPE_NOT_ALLOWED');
    if (input.patientId !== null && input.patientId !== caller.patientId) return fail('PATIENT.NOT_FOUND');
    patientId = caller.patientId;
    if (patientId === null) return fail('PATIENT.NOT_FOUND');
  } else if (input.scope === 'patient') {
    if (input.patientId === null) return invalid({ pointer: '/body/patientId', code: 'required' });
    if (!(await deps.store.patientVisible(input.patientId))) return fail('PATIENT.NOT_FOUND');
    patientId = input.patientId;
  } else {
    if (input.patientId !== null) return invalid({ pointer: '/body/patientId', code: 'must_be_absent' });
    patientId = null;
  }
  const quota = await deps.store.requestedSince(caller.userId, new Date(deps.now.getTime() - DAY_MS));
  if (quota.count >= DATA_EXPORTS_PER_DAY) {
    const retry = quota.oldest ? (quota.oldest.getTime() + DAY_MS - deps.now.getTime()) / 1000 : 3600;
    return fail('DATA_EXPORT.QUOTA_EXCEEDED', { params: { limit: DATA_EXPORTS_PER_DAY }, retryAfterSeconds: Math.max(1, retry) });
  }
  const record: DataExportRecord = {
    id: deps.newId(), professionalId: caller.professionalId, patientId, scope: input.scope, requestedBy: caller.userId, requesterRole: caller.role,
    status: 'queued', blobName: null, bytes: null, createdAt: deps.now, completedAt: null, expiresAt: new Date(deps.now.getTime() + DATA_EXPORT_TTL_MS),
  };
  await deps.store.insert(record);
  await deps.audit.record({ action: 'data_export.requested', entityType: 'data_export', entityId: record.id, changes: { scope: { after: record.scope }, patientId: { after: patientId } } });
  await deps.outbox.append(
    { queue: 'bulk', type: DATA_EXPORT_REQUESTED, version: 1, payload: { exportId: record.id } satisfies DataExportRequestedPayload, messageId: record.id },
    { professionalId: caller.professionalId, occurredAt: deps.now, correlationId: deps.correlationId },
  );
  return ok(record);
}
