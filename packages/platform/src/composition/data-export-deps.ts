import { createDataExportJobStore, createDataExportStore, deleteDataExports, expiredDataExports, OutboxWriter, recordAudit, withSubjectSnapshot, withTenant } from '@korevitta/db';
import { buildDataExport, dataExportBlob, type DataExportBuildOutcome, type DataExportCaller, type DataExportDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { ids } from '../ids.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { zipArchiveWriter } from '../storage/zip-archive.ts';
import { blobsOf } from './progress-deps.ts';
import { patientAccessRecorder } from './compliance-deps.ts';

/** The wiring of the LGPD exports (ADR 0021): requests and downloads as the caller, the build as the system role. */
interface RequestMeta { auth: AuthContext; requestId: string; now: Date }

export const dataExportCallerOf = (a: AuthContext): DataExportCaller => ({ userId: a.userId, role: a.role, professionalId: a.professionalId, patientId: a.patientId });

/** Runs a data-export use case for the request's caller in one tenant transaction (RLS as the caller). */
export function withDataExports<T>(rt: Runtime, meta: RequestMeta, fn: (deps: DataExportDeps) => Promise<T>): Promise<T> {
  const blobs = blobsOf(rt);
  return withTenant(rt.db, tenantOf(meta.auth), (tx) => fn({
    store: createDataExportStore(tx),
    blobs,
    audit: {
      record: (entry) => recordAudit(tx, {
        professionalId: meta.auth.professionalId, actor: { userId: meta.auth.userId, role: meta.auth.role }, requestId: meta.requestId, occurredAt: meta.now, ...entry,
      }),
    },
    outbox: new OutboxWriter(tx),
    access: patientAccessRecorder(tx, meta),
    newId: ids.newId,
    now: meta.now,
    correlationId: meta.requestId,
  }));
}

export const BUILD_DATA_EXPORT_CONSUMER = 'build-data-export';

/** The `build_data_export` job of one export: claim (system), read the subject in one snapshot, stream the ZIP, mark it ready. */
export function runDataExportBuild(rt: Runtime, exportId: string, now: Date): Promise<DataExportBuildOutcome> {
  const blobs = blobsOf(rt);
  return buildDataExport({
    jobs: createDataExportJobStore(rt.db),
    snapshot: (job, fn) => withSubjectSnapshot(rt.db, job, fn),
    blobs,
    archive: zipArchiveWriter(blobs, now),
    newId: ids.newId,
    now,
  }, exportId);
}

/**
 * Retention: exports 7 days after their request go with their ZIP (blob first, then the row, so a failure leaves the
 * row for the next run). Bounded batches; idempotent. `professionalIds` restricts it (tests on a shared database).
 */
export async function purgeExpiredDataExports(rt: Runtime, input: { now: Date; batchSize?: number; professionalIds?: readonly string[] }): Promise<number> {
  if (!rt.blobs) return 0;
  const blobs = rt.blobs;
  const limit = input.batchSize ?? 200;
  let total = 0;
  for (let i = 0; i < 100; i += 1) {
    const expired = await expiredDataExports(rt.db, { now: input.now, limit, ...(input.professionalIds ? { professionalIds: input.professionalIds } : {}) });
    await Promise.all(expired.map((e) => blobs.delete(dataExportBlob(e))));
    await deleteDataExports(rt.db, expired.map((e) => e.id));
    total += expired.length;
    if (expired.length < limit) break;
  }
  return total;
}
