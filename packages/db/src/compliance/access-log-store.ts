import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { isRecordedAccess, type AccessReader, type PatientAccessEntry, type PatientAccessLogReader, type PatientAccessRecorder } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { affectedRows } from '../rows.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { patientAccessBuffer, patientAccessLog } from '../schema/compliance.ts';
import { patients } from '../schema/index.ts';

/**
 * The domain's PatientAccessRecorder: one insert into the unlogged buffer in the reader's transaction (RLS: its
 * own tenant, as itself). A read the subject makes of its own data is not recorded (isRecordedAccess).
 */
export function createPatientAccessRecorder(tx: Tx, ctx: { professionalId: string; reader: AccessReader; requestId: string | null; now: Date }): PatientAccessRecorder {
  return {
    async record(patientId, kind) {
      if (!isRecordedAccess(ctx.reader, patientId)) return;
      await tx.insert(patientAccessBuffer).values({
        id: uuidv7(), professionalId: ctx.professionalId, patientId, actorUserId: ctx.reader.userId, actorRole: ctx.reader.role, kind,
        requestId: ctx.requestId, accessedAt: ctx.now, createdAt: ctx.now, updatedAt: ctx.now,
      });
    },
  };
}

/** One patient's access entries for the caller (RLS: the professional's tenant), newest first, keyset on (accessed_at, id). */
export function createPatientAccessLogReader(tx: Tx): PatientAccessLogReader {
  return {
    async patientVisible(patientId) {
      const rows = await tx.select({ id: patients.id }).from(patients).where(and(eq(patients.id, patientId), sql`${patients.deletedAt} is null`)).limit(1);
      return rows.length > 0;
    },
    async list(q) {
      const filters: (SQL | undefined)[] = [eq(patientAccessLog.patientId, q.patientId)];
      if (q.after) filters.push(sql`(${patientAccessLog.accessedAt}, ${patientAccessLog.id}) < (${q.after.accessedAt}::timestamptz, ${q.after.id}::uuid)`);
      const rows = await tx.select({ row: patientAccessLog, key: sql<string>`${patientAccessLog.accessedAt}::text` }).from(patientAccessLog)
        .where(and(...filters)).orderBy(desc(patientAccessLog.accessedAt), desc(patientAccessLog.id)).limit(q.limit + 1);
      return rows.map(({ row, key }): PatientAccessEntry => ({
        id: row.id, actorUserId: row.actorUserId, actorRole: row.actorRole, kind: row.kind, requestId: row.requestId, accessedAt: row.accessedAt, accessedAtKey: key,
      }));
    },
  };
}

/**
 * The `access-log-drain` job: moves the buffer into the partitioned log in bounded batches, one statement each
 * (delete … returning feeding an insert), so an entry is either still in the buffer or in the log, never both or
 * neither. SKIP LOCKED lets two overlapping runs split the work instead of waiting; idempotent.
 */
export async function drainPatientAccessBuffer(db: Database, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = opts.batchSize ?? 10_000;
  let moved = 0;
  for (let i = 0; i < (opts.maxBatches ?? 50); i += 1) {
    const n = await withSystemBypass(db, 'job: drain patient access buffer', async (tx) => affectedRows(await tx.execute(sql`
      with picked as (select id from patient_access_buffer order by accessed_at limit ${batch} for update skip locked),
      moved as (delete from patient_access_buffer b using picked where b.id = picked.id
        returning b.id, b.professional_id, b.patient_id, b.actor_user_id, b.actor_role, b.kind, b.request_id, b.accessed_at)
      insert into patient_access_log (id, professional_id, patient_id, actor_user_id, actor_role, kind, request_id, accessed_at)
      select id, professional_id, patient_id, actor_user_id, actor_role, kind, request_id, accessed_at from moved
      on conflict do nothing`)));
    moved += n;
    if (n < batch) break;
  }
  return moved;
}
