import {
  DATA_EXPORT_MAX_ATTEMPTS, dataExportBlob,
  type ArchiveEntry, type BuildDataExportDeps, type DataExportJob, type SubjectDataReader,
} from './data-export-ports.ts';
import { exportReadme, type ReadmeFile } from './export-readme.ts';
import { FHIR_SOURCE_TABLES, fhirBundleChunks, fhirEntries } from './fhir-bundle.ts';

export type DataExportBuildOutcome = 'built' | 'skipped' | 'failed';

const encoder = new TextEncoder();

async function* utf8(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) yield encoder.encode(c);
}

/** A table's rows as a JSON array, one row per line, counted into `count` as they pass. */
async function* jsonArray(rows: AsyncIterable<Record<string, unknown>>, count: { n: number }): AsyncGenerator<string> {
  yield '[';
  for await (const row of rows) {
    yield `${count.n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`;
    count.n += 1;
  }
  yield '\n]\n';
}

/**
 * The archive's entries, produced as the writer pulls them (nothing holds a whole table or account): one JSON file
 * per table of SUBJECT_DATA, the stored files (photos) as they are, the FHIR R4 bundle, and the pt-BR README last
 * (it counts what was written).
 */
async function* archiveEntries(job: DataExportJob, reader: SubjectDataReader, deps: BuildDataExportDeps, written: ReadmeFile[]): AsyncGenerator<ArchiveEntry> {
  const tables = await reader.tables();
  const tableNames = new Set(tables.map((t) => t.table));
  for (const t of tables) {
    const count = { n: 0 };
    const file: ReadmeFile = { path: `${t.exportAs}.json`, records: null, exportAs: t.exportAs };
    yield { path: file.path, data: utf8(jsonArray(reader.rows(t.table), count)), compressed: true };
    written.push({ ...file, records: count.n });
  }
  const folders = new Map<string, number>();
  for await (const f of reader.blobFiles()) {
    const bytes = await deps.blobs.read(f.ref);
    if (!bytes) continue; // deleted since the row was read: nothing to copy
    yield { path: f.path, data: bytes, compressed: false };
    const folder = f.path.includes('/') ? `${f.path.slice(0, f.path.indexOf('/'))}/` : f.path;
    folders.set(folder, (folders.get(folder) ?? 0) + 1);
  }
  for (const [folder, n] of folders) written.push({ path: folder, records: n, exportAs: null });
  const source = (table: (typeof FHIR_SOURCE_TABLES)[number]) => (tableNames.has(table) ? reader.rows(table) : empty());
  const biomarkers = await reader.biomarkers();
  yield { path: 'fhir-bundle.json', data: utf8(fhirBundleChunks(fhirEntries(source, biomarkers, deps.newId), { id: job.id, timestamp: deps.now })), compressed: true };
  written.push({ path: 'fhir-bundle.json', records: null, exportAs: null });
  yield { path: 'README.txt', data: encoder.encode(exportReadme(job, written, deps.now, await reader.practiceName())), compressed: true };
}

async function* empty(): AsyncGenerator<Record<string, unknown>> {
  // no rows
}

/**
 * The `bulk` consumer of `compliance.data_export_requested`: builds the export's ZIP into its one blob name and marks
 * the export ready. Idempotent: an export already ready (or failed, or expired) is skipped, and an interrupted build
 * is rebuilt over the same blob, so a redelivered message never makes a second archive. A build that keeps failing
 * is marked failed after DATA_EXPORT_MAX_ATTEMPTS deliveries; before that the error is rethrown (the queue retries).
 */
export async function buildDataExport(deps: BuildDataExportDeps, exportId: string): Promise<DataExportBuildOutcome> {
  const claim = await deps.jobs.claim(exportId, deps.now);
  if (claim.kind === 'skip') return 'skipped';
  const { job } = claim;
  const ref = dataExportBlob(job);
  try {
    const written: ReadmeFile[] = [];
    const { bytes } = await deps.snapshot(job, (reader) => deps.archive.write(ref, archiveEntries(job, reader, deps, written)));
    const fileCount = written.reduce((n, f) => n + (f.path.endsWith('/') ? f.records ?? 0 : 1), 1);
    await deps.jobs.complete(exportId, { blobName: ref.name, bytes, fileCount, at: deps.now });
    return 'built';
  } catch (error) {
    if (claim.attempt < DATA_EXPORT_MAX_ATTEMPTS) throw error;
    await deps.blobs.delete(ref);
    await deps.jobs.fail(exportId, deps.now);
    return 'failed';
  }
}
