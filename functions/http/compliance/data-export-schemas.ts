import * as v from 'valibot';
import { integer, type DataExportView } from '@korevitta/domain';
import { Id, Instant } from '../shared-schemas.ts';

/** Request and response schemas of the LGPD data exports (ADR 0021). */
export const DataExportParams = v.strictObject({ exportId: Id });

export const DataExportBody = v.strictObject({
  /** `patient`: one patient's data (a patient: its own; a professional: `patientId`). `account`: every patient of the professional's account. */
  scope: v.picklist(['patient', 'account']),
  patientId: v.optional(Id),
});

export const DataExport = v.strictObject({
  id: Id,
  scope: v.picklist(['patient', 'account']),
  patientId: v.nullable(Id),
  /** queued → building → ready (or failed); expired 7 days after the request, then deleted. */
  status: v.picklist(['queued', 'building', 'ready', 'failed', 'expired']),
  createdAt: Instant,
  completedAt: v.nullable(Instant),
  expiresAt: Instant,
  /** Size of the ZIP once ready. */
  bytes: v.nullable(integer(0, Number.MAX_SAFE_INTEGER)),
  /** When ready: a read-only URL of the ZIP, valid for minutes (until `downloadExpiresAt`); ask again for a new one. */
  downloadUrl: v.nullable(v.pipe(v.string(), v.maxLength(2048), v.url())),
  downloadExpiresAt: v.nullable(Instant),
});

export const toDataExport = (view: DataExportView): v.InferOutput<typeof DataExport> => ({
  id: view.export.id,
  scope: view.export.scope,
  patientId: view.export.patientId,
  status: view.status,
  createdAt: view.export.createdAt.toISOString(),
  completedAt: view.export.completedAt?.toISOString() ?? null,
  expiresAt: view.export.expiresAt.toISOString(),
  bytes: view.export.bytes,
  downloadUrl: view.download?.url ?? null,
  downloadExpiresAt: view.download?.expiresAt.toISOString() ?? null,
});
