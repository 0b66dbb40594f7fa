import { fail, ok, type Result } from '../shared/result.ts';
import type { SignedUrl } from '../progress/blob-port.ts';
import { DATA_EXPORT_DOWNLOAD_TTL_MS, dataExportBlob, type DataExportDeps, type DataExportRecord, type DataExportStatus } from './data-export-ports.ts';

export interface DataExportView { export: DataExportRecord; status: DataExportStatus; download: SignedUrl | null }

/** The status a requester sees: `expired` once the export's time is over, even before retention removed it. */
export const dataExportStatus = (e: Pick<DataExportRecord, 'status' | 'expiresAt'>, now: Date): DataExportStatus =>
  (e.expiresAt.getTime() <= now.getTime() ? 'expired' : e.status);

/**
 * GET /v1/data-exports/{id}: an export of the caller's tenant that it may see (a professional: any of its account; a
 * patient: those of itself; anything else is not found). When ready, a read-only URL
 * for the ZIP valid for minutes; each URL handed out is a download, audited (and, for a professional reading a
 * patient's export, recorded in that patient's access log).
 */
export async function getDataExport(deps: DataExportDeps, exportId: string): Promise<Result<DataExportView, 'DATA_EXPORT.NOT_FOUND'>> {
  const found = await deps.store.find(exportId);
  if (!found) return fail('DATA_EXPORT.NOT_FOUND');
  const status = dataExportStatus(found, deps.now);
  if (status !== 'ready') return ok({ export: found, status, download: null });
  const until = Math.min(deps.now.getTime() + DATA_EXPORT_DOWNLOAD_TTL_MS, found.expiresAt.getTime());
  const download = await deps.blobs.readUrl(dataExportBlob(found), { expiresAt: new Date(until) });
  await deps.audit.record({ action: 'data_export.downloaded', entityType: 'data_export', entityId: found.id });
  if (found.patientId) await deps.access.record(found.patientId, 'export');
  return ok({ export: found, status, download });
}
