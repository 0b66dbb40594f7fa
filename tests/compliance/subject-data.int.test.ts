import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, SUBJECT_DATA, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';

/**
 * The LGPD coverage contract (issue 12): every tenant table says how a patient's rows are exported and anonymised.
 * A new table with professional_id or patient_id fails here until it has its SUBJECT_DATA entry.
 */
describe('subject data coverage', () => {
  let db: Database;
  let columns: Map<string, Set<string>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    const rows = rowsOf<{ table: string; column: string }>(await db.orm.execute(sql`
      select c.relname as table, a.attname as column from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`));
    columns = new Map();
    for (const r of rows) columns.set(r.table, (columns.get(r.table) ?? new Set()).add(r.column));
  });
  afterAll(async () => { await db.close(); });

  it('when the catalog lists the tenant tables, then each has an entry, and each entry names a table that exists', () => {
    const tenantTables = [...columns].filter(([, cols]) => cols.has('professional_id') || cols.has('patient_id')).map(([t]) => t).sort();
    expect(tenantTables.length).toBeGreaterThanOrEqual(25);
    expect(tenantTables.filter((t) => !(t in SUBJECT_DATA))).toEqual([]);
    expect(Object.keys(SUBJECT_DATA).filter((t) => !columns.has(t))).toEqual([]);
  });

  it('when an entry names columns, then they exist; an excluded or subject-less table says why', () => {
    const problems: string[] = [];
    for (const [table, entry] of Object.entries(SUBJECT_DATA)) {
      const cols = columns.get(table) ?? new Set<string>();
      if (entry.subject && !cols.has(entry.subject.column)) problems.push(`${table}.${entry.subject.column}`);
      if (entry.subject && 'via' in entry.subject && !columns.get(entry.subject.via.table)?.has(entry.subject.via.column)) problems.push(`${table} via ${entry.subject.via.table}`);
      if (entry.anonymise !== 'keep') for (const c of Object.keys(entry.anonymise.set)) if (!cols.has(c)) problems.push(`${table}.${c} (anonymise)`);
      if ((entry.subject === null || entry.exportAs === null) && !entry.note) problems.push(`${table}: no note`);
    }
    expect(problems).toEqual([]);
  });

  it('when a table holds names, e-mails or free text of a patient, then anonymisation overwrites them', () => {
    const personal = ['name', 'email', 'email_normalized', 'phone', 'notes', 'search_text', 'sort_name', 'body', 'subject', 'review_notes', 'responses'];
    const missed: string[] = [];
    for (const [table, entry] of Object.entries(SUBJECT_DATA)) {
      // A protocol's name is the plan's ("Plano inicial"), not the patient's.
      if (!entry.subject || table === 'protocols' || table === 'protocol_versions') continue;
      const cols = columns.get(table) ?? new Set<string>();
      const set = entry.anonymise === 'keep' ? {} : entry.anonymise.set;
      for (const c of personal) if (cols.has(c) && !(c in set)) missed.push(`${table}.${c}`);
    }
    expect(missed).toEqual([]);
  });
});
