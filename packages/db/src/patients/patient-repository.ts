import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { searchTextOf, sortNameOf, type ListedPatient, type Patient, type PatientListQuery, type PatientSummary, type PatientRepository } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patientInvites, patients } from '../schema/identity.ts';

type Row = typeof patients.$inferSelect;

const toPatient = (r: Row): Patient => ({
  id: r.id,
  professionalId: r.professionalId,
  name: r.name,
  email: r.email,
  phone: r.phone,
  birthDate: r.birthDate,
  sex: r.sex,
  notes: r.notes,
  timezone: r.timezone,
  status: r.status,
  riskScore: r.riskScore,
  riskBand: r.riskBand,
  lastActivityAt: r.lastActivityAt,
  userId: r.userId,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  deletedAt: r.deletedAt,
});

/** The columns of a CRM list row (PatientSummary): not the notes, contact details or risk factors it never shows. */
const SUMMARY_COLUMNS = {
  id: patients.id, name: patients.name, email: patients.email, timezone: patients.timezone, status: patients.status, riskScore: patients.riskScore,
  riskBand: patients.riskBand, lastActivityAt: patients.lastActivityAt, userId: patients.userId, version: patients.version, createdAt: patients.createdAt,
} satisfies Record<keyof PatientSummary, unknown>;

const EPOCH = sql`'1970-01-01 00:00:00+00'::timestamptz`;
/** Must match the expression of patients_list_activity_idx exactly. */
const activityKey = sql`coalesce(${patients.lastActivityAt}, ${EPOCH})`;

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
const likeContains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The domain's PatientRepository over a tenant transaction. RLS limits every statement to the caller's
 * professional; soft-deleted rows are filtered here, so they behave as absent everywhere.
 */
export function createPatientRepository(tx: Tx): PatientRepository {
  const live = (id: string) => and(eq(patients.id, id), isNull(patients.deletedAt));
  return {
    async findById(id) {
      const [row] = await tx.select().from(patients).where(live(id)).limit(1);
      return row ? toPatient(row) : null;
    },
    async findForUpdate(id) {
      const [row] = await tx.select().from(patients).where(live(id)).limit(1).for('update');
      return row ? toPatient(row) : null;
    },
    async insert(p) {
      await tx.insert(patients).values({
        id: p.id, professionalId: p.professionalId, name: p.name, email: p.email, phone: p.phone, birthDate: p.birthDate, sex: p.sex, notes: p.notes,
        timezone: p.timezone, status: p.status, userId: p.userId, version: p.version, searchText: searchTextOf(p), sortName: sortNameOf(p),
        createdAt: p.createdAt, updatedAt: p.updatedAt,
      });
    },
    async update(p) {
      // Risk columns, last activity and the login belong to other writers: never overwritten from here.
      await tx.update(patients).set({
        name: p.name, email: p.email, phone: p.phone, birthDate: p.birthDate, sex: p.sex, notes: p.notes, timezone: p.timezone, status: p.status,
        version: p.version, searchText: searchTextOf(p), sortName: sortNameOf(p), updatedAt: p.updatedAt, deletedAt: p.deletedAt,
      }).where(eq(patients.id, p.id));
    },
    async list(q: PatientListQuery): Promise<ListedPatient[]> {
      const key = q.sort === 'name' ? sql`${patients.sortName}` : q.sort === 'risk' ? sql`${patients.riskRank}` : activityKey;
      const filters: (SQL | undefined)[] = [isNull(patients.deletedAt)];
      if (q.statuses) filters.push(inArray(patients.status, [...q.statuses]));
      if (q.riskBands) filters.push(inArray(patients.riskBand, [...q.riskBands]));
      if (q.q) filters.push(sql`${patients.searchText} like ${likeContains(q.q)}`);
      if (q.after) {
        const cursorKey = q.sort === 'name' ? sql`${String(q.after.key)}` : q.sort === 'risk' ? sql`${Number(q.after.key)}::int` : sql`${String(q.after.key)}::timestamptz`;
        filters.push(q.order === 'asc' ? sql`(${key}, ${patients.id}) > (${cursorKey}, ${q.after.id}::uuid)` : sql`(${key}, ${patients.id}) < (${cursorKey}, ${q.after.id}::uuid)`);
      }
      const dir = q.order === 'asc' ? asc : desc;
      // The activity key is read back as text so the cursor keeps Postgres's microseconds.
      const keyOut = q.sort === 'lastActivity' ? sql<string>`(${activityKey})::text` : q.sort === 'risk' ? sql<number>`${patients.riskRank}` : sql<string>`${patients.sortName}`;
      const rows = await tx.select({ row: SUMMARY_COLUMNS, key: keyOut }).from(patients).where(and(...filters)).orderBy(dir(key), dir(patients.id)).limit(q.limit + 1);
      return rows.map((r) => ({ patient: r.row, key: r.key }));
    },
    async supersedeOpenInvites(patientId, now) {
      await tx.update(patientInvites).set({ supersededAt: now, updatedAt: now })
        .where(and(eq(patientInvites.patientId, patientId), isNull(patientInvites.acceptedAt), isNull(patientInvites.supersededAt)));
    },
  };
}
