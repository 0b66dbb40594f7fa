import { sql, type SQL } from 'drizzle-orm';
import type { BiomarkerCoding, DataExportJob, SubjectBlobFile, SubjectDataReader, SubjectTableFile } from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { rowsOf } from '../rows.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { SUBJECT_DATA, type SubjectTable } from './subject-data.ts';
import { createBrandingStore } from '../billing/branding-store.ts';

/**
 * The stored files an export copies, table by table: the blob column, its container and the folder and extension in
 * the archive. Photos are exported in their display size (stripped of EXIF and GPS; the original is not kept); exam
 * files as they were uploaded, named by their type.
 */
export const EXPORT_BLOB_SOURCES: readonly { table: string; column: string; container: 'photos' | 'documents'; folder: string; extension: string | { contentTypeColumn: string } }[] = [
  { table: 'progress_photos', column: 'display_blob', container: 'photos', folder: 'photos', extension: 'jpg' },
  { table: 'lab_panels', column: 'exam_blob', container: 'documents', folder: 'exams', extension: { contentTypeColumn: 'exam_content_type' } },
];

/** The file extension of a stored file's media type (the upload rules accept only these). */
const EXTENSIONS: Readonly<Record<string, string>> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' };

const FETCH_ROWS = 200;

/** The subject's patients: one (a patient export) or every patient of the tenant (an account export). */
function subjectPatients(job: DataExportJob): SQL {
  return job.patientId
    ? sql`select ${job.patientId}::uuid`
    : sql`select p.id from patients p where p.professional_id = ${job.professionalId}::uuid`;
}

/** The rows of `table` about the job's subject, within its tenant (explicit: the build runs as the system role). */
function subjectFilter(table: string, entry: SubjectTable, job: DataExportJob, columns: ReadonlySet<string>): SQL {
  if (!entry.subject) throw new Error(`${table} has no subject`);
  const t = sql.identifier(table);
  const tenant = columns.has('professional_id') ? sql` and ${t}.professional_id = ${job.professionalId}::uuid` : sql``;
  if ('via' in entry.subject) {
    const via = SUBJECT_DATA[entry.subject.via.table]?.subject;
    if (!via || 'via' in via) throw new Error(`${table}: ${entry.subject.via.table} must find its subject by a column`);
    return sql`${t}.${sql.identifier(entry.subject.column)} in (select v.${sql.identifier(entry.subject.via.column)} from ${sql.identifier(entry.subject.via.table)} v
      where v.${sql.identifier(via.column)} in (${subjectPatients(job)}) and v.professional_id = ${job.professionalId}::uuid)${tenant}`;
  }
  return sql`${t}.${sql.identifier(entry.subject.column)} in (${subjectPatients(job)})${tenant}`;
}

/**
 * The domain's SubjectDataReader over one system transaction: every statement names the export's tenant and subject.
 * Rows are streamed through a server-side cursor (FETCH in batches), as jsonb of the table's own columns minus the
 * entry's `omit` (secrets), so an account of any size passes through a bounded amount of memory.
 */
export function createSubjectDataReader(tx: Tx, job: DataExportJob): SubjectDataReader {
  let cursors = 0;
  let catalog: Promise<Map<string, Set<string>>> | null = null;
  const columnsOf = () => {
    catalog ??= (async () => {
      const rows = rowsOf<{ t: string; c: string }>(await tx.execute(sql`
        select table_name as t, column_name as c from information_schema.columns where table_schema = 'public'`));
      const map = new Map<string, Set<string>>();
      for (const r of rows) map.set(r.t, (map.get(r.t) ?? new Set()).add(r.c));
      return map;
    })();
    return catalog;
  };

  async function* stream<T>(query: SQL, parse: (row: Record<string, unknown>) => T): AsyncGenerator<T> {
    const name = sql.identifier(`export_cursor_${(cursors += 1)}`);
    await tx.execute(sql`declare ${name} no scroll cursor for ${query}`);
    try {
      for (;;) {
        const batch = rowsOf<Record<string, unknown>>(await tx.execute(sql`fetch ${sql.raw(String(FETCH_ROWS))} from ${name}`));
        for (const row of batch) yield parse(row);
        if (batch.length < FETCH_ROWS) break;
      }
    } finally {
      await tx.execute(sql`close ${name}`);
    }
  }

  return {
    async tables(): Promise<SubjectTableFile[]> {
      const columns = await columnsOf();
      return Object.entries(SUBJECT_DATA)
        .filter(([table, entry]) => entry.exportAs !== null && entry.subject !== null && columns.has(table))
        .map(([table, entry]) => ({ table, exportAs: entry.exportAs! }));
    },
    async *rows(table) {
      const entry = SUBJECT_DATA[table];
      const columns = (await columnsOf()).get(table);
      if (!entry?.subject || !columns) return;
      const t = sql.identifier(table);
      const omit = (entry.omit ?? []).filter((c) => columns.has(c));
      const value = omit.length > 0 ? sql`(to_jsonb(${t}) - ${`{${omit.join(',')}}`}::text[])::text` : sql`to_jsonb(${t})::text`;
      const order = columns.has('created_at') ? sql` order by ${t}.created_at${columns.has('id') ? sql`, ${t}.id` : sql``}` : sql``;
      yield* stream(sql`select ${value} as r from ${t} where ${subjectFilter(table, entry, job, columns)}${order}`,
        (row) => JSON.parse(String(row.r)) as Record<string, unknown>);
    },
    async practiceName(): Promise<string | null> {
      // The branding store's one lookup (branding and practice name together): the name /v1/me and the mails show.
      const brandings = createBrandingStore(tx);
      return (await brandings.find(job.professionalId))?.displayName ?? await brandings.practiceName(job.professionalId);
    },
    async biomarkers(): Promise<BiomarkerCoding[]> {
      if (!(await columnsOf()).has('biomarkers')) return [];
      return rowsOf<BiomarkerCoding>(await tx.execute(sql`select code, loinc, unit, name_en as name from biomarkers order by sort_order`));
    },
    async *blobFiles(): AsyncGenerator<SubjectBlobFile> {
      const columns = await columnsOf();
      for (const source of EXPORT_BLOB_SOURCES) {
        const entry = SUBJECT_DATA[source.table];
        const tableColumns = columns.get(source.table);
        if (!entry || !tableColumns) continue;
        const t = sql.identifier(source.table);
        const blob = sql.identifier(source.column);
        const type = typeof source.extension === 'string' ? sql`null` : sql`${t}.${sql.identifier(source.extension.contentTypeColumn)}`;
        yield* stream(sql`select ${t}.id::text as id, ${t}.${blob} as blob, ${type} as type from ${t} where ${t}.${blob} is not null and ${subjectFilter(source.table, entry, job, tableColumns)} order by ${t}.id`,
          (row) => ({
            path: `${source.folder}/${String(row.id)}.${typeof source.extension === 'string' ? source.extension : EXTENSIONS[String(row.type)] ?? 'bin'}`,
            ref: { container: source.container, name: String(row.blob) },
          }));
      }
    },
  };
}

/** Runs `fn` over the job's subject data in one system transaction (the cursors live as long as it). */
export function withSubjectSnapshot<T>(db: Database, job: DataExportJob, fn: (reader: SubjectDataReader) => Promise<T>): Promise<T> {
  return withSystemBypass(db, 'data export: read the subject', (tx) => fn(createSubjectDataReader(tx, job)));
}
