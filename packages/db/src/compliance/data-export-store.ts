import { and, count, eq, gte, isNull, lte, min, sql } from 'drizzle-orm';
import type { DataExportClaim, DataExportJobStore, DataExportRecord, DataExportStore } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { firstRow } from '../rows.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { dataExports, patients } from '../schema/index.ts';

const recordColumns = {
  id: dataExports.id, professionalId: dataExports.professionalId, patientId: dataExports.patientId, scope: dataExports.scope,
  requestedBy: dataExports.requestedBy, requesterRole: dataExports.requesterRole, status: dataExports.status, blobName: dataExports.blobName,
  bytes: dataExports.bytes, createdAt: dataExports.createdAt, completedAt: dataExports.completedAt, expiresAt: dataExports.expiresAt,
};

/** Export requests through the caller's RLS: a requester sees and creates only its own. */
export function createDataExportStore(tx: Tx): DataExportStore {
  return {
    async patientVisible(patientId) {
      const rows = await tx.select({ id: patients.id }).from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return rows.length > 0;
    },
    async requestedSince(userId, since) {
      const [row] = await tx.select({ n: count(), oldest: min(dataExports.createdAt) }).from(dataExports)
        .where(and(eq(dataExports.requestedBy, userId), gte(dataExports.createdAt, since)));
      return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
    },
    async insert(e) {
      await tx.insert(dataExports).values({ ...e, updatedAt: e.createdAt });
    },
    async find(exportId): Promise<DataExportRecord | null> {
      const [row] = await tx.select(recordColumns).from(dataExports).where(eq(dataExports.id, exportId)).limit(1);
      return row ?? null;
    },
  };
}

/** The build job's view of the export rows (system role; each call its own short transaction). */
export function createDataExportJobStore(db: Database): DataExportJobStore {
  return {
    claim: (exportId, now) => withSystemBypass(db, 'data export: claim', async (tx): Promise<DataExportClaim> => {
      const row = firstRow<{ id: string; professional_id: string; patient_id: string | null; scope: 'patient' | 'account'; status: string; attempts: number; expires_at: Date | string; created_at: Date | string }>(
        await tx.execute(sql`select id, professional_id, patient_id, scope, status, attempts, expires_at, created_at from data_exports where id = ${exportId}::uuid for update`));
      if (!row) return { kind: 'skip', reason: 'missing' };
      if (new Date(row.expires_at).getTime() <= now.getTime()) return { kind: 'skip', reason: 'expired' };
      if (row.status !== 'queued' && row.status !== 'building') return { kind: 'skip', reason: 'done' };
      await tx.update(dataExports).set({ status: 'building', attempts: row.attempts + 1, startedAt: now, updatedAt: now }).where(eq(dataExports.id, exportId));
      return {
        kind: 'build', attempt: row.attempts + 1,
        job: { id: row.id, professionalId: row.professional_id, patientId: row.patient_id, scope: row.scope, createdAt: new Date(row.created_at) },
      };
    }),
    complete: (exportId, r) => withSystemBypass(db, 'data export: ready', async (tx) => {
      await tx.update(dataExports).set({ status: 'ready', blobName: r.blobName, bytes: r.bytes, fileCount: r.fileCount, completedAt: r.at, updatedAt: r.at })
        .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'building')));
    }),
    fail: (exportId, at) => withSystemBypass(db, 'data export: failed', async (tx) => {
      await tx.update(dataExports).set({ status: 'failed', failureReason: 'build_error', updatedAt: at }).where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'building')));
    }),
  };
}

/** Retention: exports whose time is over (at most `limit`), with their blob names, optionally of some tenants only (tests). */
export function expiredDataExports(db: Database, input: { now: Date; limit: number; professionalIds?: readonly string[] }): Promise<{ id: string; professionalId: string; patientId: string | null }[]> {
  return withSystemBypass(db, 'retention: expired data exports', (tx) => {
    const where = [lte(dataExports.expiresAt, input.now)];
    if (input.professionalIds) where.push(sql`${dataExports.professionalId} = any(${`{${input.professionalIds.join(',')}}`}::uuid[])`);
    return tx.select({ id: dataExports.id, professionalId: dataExports.professionalId, patientId: dataExports.patientId }).from(dataExports).where(and(...where)).orderBy(dataExports.expiresAt).limit(input.limit);
  });
}

export function deleteDataExports(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return withSystemBypass(db, 'retention: delete data exports', async (tx) => {
    await tx.execute(sql`delete from data_exports where id = any(${`{${ids.join(',')}}`}::uuid[])`);
  });
}
