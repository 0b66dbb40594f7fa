import { sql, type SQL } from 'drizzle-orm';
import { PURGE_PATIENT_BLOBS, type AnonymizationTarget, type PatientAnonymizer, type PurgePatientBlobsV1 } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { recordAudit, type AuditActor } from '../audit.ts';
import { firstRow } from '../rows.ts';
import { OutboxWriter } from '../outbox-writer.ts';
import { withSystemBypass, withTenant, type TenantContext } from '../tenant.ts';
import { SUBJECT_DATA, type SubjectTable } from './subject-data.ts';

/** The rows of `table` that belong to the patient, within the professional's tenant (explicit: this runs as system). */
function subjectRows(table: string, entry: SubjectTable, patientId: string, professionalId: string): SQL {
  const tenant = sql`${sql.identifier(table)}.professional_id = ${professionalId}::uuid`;
  if (!entry.subject) throw new Error(`${table} has no subject`);
  if ('via' in entry.subject) {
    return sql`${sql.identifier(table)}.${sql.identifier(entry.subject.column)} in (select ${sql.identifier(entry.subject.via.column)} from ${sql.identifier(entry.subject.via.table)} where patient_id = ${patientId}::uuid) and ${tenant}`;
  }
  return sql`${sql.identifier(table)}.${sql.identifier(entry.subject.column)} = ${patientId}::uuid and ${tenant}`;
}

/** One UPDATE per table that holds identifiers or free text of the patient (SUBJECT_DATA `set`, constant expressions). */
function overwriteStatements(patientId: string, professionalId: string): SQL[] {
  const out: SQL[] = [];
  for (const [table, entry] of Object.entries(SUBJECT_DATA)) {
    if (entry.anonymise === 'keep' || !entry.subject) continue;
    const assignments = sql.join(Object.entries(entry.anonymise.set).map(([column, expression]) => sql`${sql.identifier(column)} = ${sql.raw(expression)}`), sql`, `);
    out.push(sql`update ${sql.identifier(table)} set ${assignments} where ${subjectRows(table, entry, patientId, professionalId)}`);
  }
  return out;
}

/**
 * The domain's PatientAnonymizer. `find` runs as the caller (RLS: another tenant's patient is not found); `apply`
 * runs as the system role because the audit trail is append-only for the app and the login belongs to identity,
 * and every statement of it names the caller's tenant explicitly. One transaction: the patient row is locked and
 * re-checked, every identifier overwritten, the photo rows deleted, the login disabled, sessions revoked, open invites
 * closed, the purge of the patient's files enqueued (outbox), and one audit row written without the removed values.
 */
export function createPatientAnonymizer(db: Database, ctx: { tenant: TenantContext; actor: AuditActor; requestId: string | null }): PatientAnonymizer {
  const professionalId = ctx.tenant.professionalId;
  return {
    async find(patientId): Promise<AnonymizationTarget | null> {
      return withTenant(db, ctx.tenant, async (tx) => {
        const row = firstRow<{ id: string; anonymized_at: string | null }>(await tx.execute(sql`
          select id, anonymized_at::text from patients where id = ${patientId}::uuid and deleted_at is null`));
        return row ? { id: row.id, anonymizedAt: row.anonymized_at ? new Date(row.anonymized_at) : null } : null;
      });
    },
    async apply({ patientId, now }) {
      return withSystemBypass(db, 'anonymize patient (LGPD)', async (tx) => {
        const locked = firstRow<{ id: string }>(await tx.execute(sql`
          select id from patients where id = ${patientId}::uuid and professional_id = ${professionalId}::uuid and anonymized_at is null and deleted_at is null for update`));
        if (!locked) return false;
        for (const statement of overwriteStatements(patientId, professionalId)) await tx.execute(statement);
        await tx.execute(sql`update patients set anonymized_at = ${now.toISOString()}::timestamptz, status = 'archived', version = version + 1, updated_at = ${now.toISOString()}::timestamptz
          where id = ${patientId}::uuid and professional_id = ${professionalId}::uuid`);
        await tx.execute(sql`update auth_sessions set revoked_at = ${now.toISOString()}::timestamptz, revoked_reason = 'account_disabled'
          where revoked_at is null and professional_id = ${professionalId}::uuid and user_id in (select id from users where patient_id = ${patientId}::uuid)`);
        await tx.execute(sql`update patient_invites set superseded_at = ${now.toISOString()}::timestamptz
          where patient_id = ${patientId}::uuid and professional_id = ${professionalId}::uuid and accepted_at is null and superseded_at is null`);
        // The photos are identifying images: their rows go now, their files (and the exams') after the commit, by the
        // bulk consumer of this event, which empties the patient's blob folder in every container.
        await tx.execute(sql`delete from progress_photos where patient_id = ${patientId}::uuid and professional_id = ${professionalId}::uuid`);
        const purge: PurgePatientBlobsV1 = { professionalId, patientId };
        await new OutboxWriter(tx).append(
          { queue: 'bulk', type: PURGE_PATIENT_BLOBS, version: 1, payload: purge, messageId: `purge-patient-blobs:${patientId}` },
          { professionalId, occurredAt: now, correlationId: ctx.requestId },
        );
        await recordAudit(tx, { professionalId, actor: ctx.actor, action: 'patient.anonymized', entityType: 'patient', entityId: patientId, requestId: ctx.requestId, occurredAt: now });
        return true;
      });
    },
  };
}
