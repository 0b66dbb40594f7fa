import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { CheckinDetail, CheckinForm, CheckinStatus, CheckinStore, CheckinView, ScheduleRecord } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { checkinForms, checkinFormVersions, checkins, checkinSchedules, patients } from '../schema/index.ts';
import { asFormSchema, lifecycleColumns, toState, type CheckinRow } from './checkin-rows.ts';
import { sqlInstant } from '../sql-values.ts';

type FormRow = typeof checkinForms.$inferSelect;
type ScheduleRow = typeof checkinSchedules.$inferSelect;

const toForm = (r: FormRow): CheckinForm => ({
  id: r.id, professionalId: r.professionalId, name: r.name, description: r.description, currentVersion: r.currentVersion, createdAt: r.createdAt, updatedAt: r.updatedAt,
});
const toSchedule = (r: ScheduleRow): ScheduleRecord => ({
  patientId: r.patientId, professionalId: r.professionalId, formId: r.formId, cadence: r.cadence, everyDays: r.everyDays, dueTime: r.dueTime,
  graceHours: r.graceHours, anchorDate: r.anchorDate, enabled: r.enabled, version: r.version, updatedAt: r.updatedAt,
});

/** The key that serializes a patient's schedule changes and instance creation (an advisory lock: RLS-agnostic). */
export const scheduleLockKey = (patientId: string) => sql`hashtextextended(${`checkin-schedule:${patientId}`}, 0)`;

const livePatient = and(eq(patients.id, checkins.patientId), isNull(patients.deletedAt));

/** Check-in persistence inside the caller's transaction (tenant or system): RLS decides what it sees. */
export function createCheckinStore(tx: Tx): CheckinStore {
  const view = (r: { c: CheckinRow; patientName: string; formName: string }): CheckinView => ({
    state: toState(r.c), professionalId: r.c.professionalId, patientName: r.patientName, formName: r.formName, createdAt: r.c.createdAt, updatedAt: r.c.updatedAt,
  });

  const store: CheckinStore = {
    async patientTimezone(patientId) {
      const [row] = await tx.select({ tz: patients.timezone }).from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return row?.tz ?? null;
    },

    async insertForm(form, schema) {
      await tx.insert(checkinForms).values({
        id: form.id, professionalId: form.professionalId, name: form.name, description: form.description, currentVersion: 1,
        createdBy: form.createdBy, createdAt: form.createdAt, updatedAt: form.updatedAt,
      });
      await tx.insert(checkinFormVersions).values({
        formId: form.id, version: 1, professionalId: form.professionalId, formSchema: schema, createdBy: form.createdBy, createdAt: form.createdAt, updatedAt: form.createdAt,
      });
    },
    async findForm(formId) {
      const [row] = await tx.select().from(checkinForms).where(eq(checkinForms.id, formId)).limit(1);
      return row ? toForm(row) : null;
    },
    async listForms(q) {
      const filters: (SQL | undefined)[] = [];
      if (q.after) filters.push(sql`(${checkinForms.createdAt}, ${checkinForms.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)`);
      const rows = await tx.select().from(checkinForms).where(and(...filters)).orderBy(desc(checkinForms.createdAt), desc(checkinForms.id)).limit(q.limit + 1);
      return rows.map(toForm);
    },
    async formVersion(formId, version) {
      const [row] = await tx.select().from(checkinFormVersions).where(and(eq(checkinFormVersions.formId, formId), eq(checkinFormVersions.version, version))).limit(1);
      return row ? { formId: row.formId, version: row.version, schema: asFormSchema(row.formSchema), createdAt: row.createdAt } : null;
    },
    async formVersions(formId) {
      return tx.select({ version: checkinFormVersions.version, createdAt: checkinFormVersions.createdAt }).from(checkinFormVersions)
        .where(eq(checkinFormVersions.formId, formId)).orderBy(asc(checkinFormVersions.version));
    },
    async publishFormVersion(formId, professionalId, schema, createdBy, now) {
      // The row lock of this update serializes two publishes of the same form: each gets its own number.
      const [bumped] = await tx.update(checkinForms).set({ currentVersion: sql`${checkinForms.currentVersion} + 1`, updatedAt: now })
        .where(eq(checkinForms.id, formId)).returning({ version: checkinForms.currentVersion });
      if (!bumped) throw new Error(`check-in form ${formId} vanished while publishing a version`);
      await tx.insert(checkinFormVersions).values({ formId, version: bumped.version, professionalId, formSchema: schema, createdBy, createdAt: now, updatedAt: now });
      return bumped.version;
    },

    async findSchedule(patientId) {
      const [row] = await tx.select().from(checkinSchedules).where(eq(checkinSchedules.patientId, patientId)).limit(1);
      return row ? toSchedule(row) : null;
    },
    async upsertSchedule(s) {
      const values = {
        patientId: s.patientId, professionalId: s.professionalId, formId: s.formId, cadence: s.cadence, everyDays: s.everyDays, dueTime: s.dueTime,
        graceHours: s.graceHours, anchorDate: s.anchorDate, enabled: s.enabled, updatedBy: s.updatedBy, createdAt: s.now, updatedAt: s.now,
      };
      const [row] = await tx.insert(checkinSchedules).values(values).onConflictDoUpdate({
        target: checkinSchedules.patientId,
        set: {
          formId: values.formId, cadence: values.cadence, everyDays: values.everyDays, dueTime: values.dueTime, graceHours: values.graceHours,
          anchorDate: values.anchorDate, enabled: values.enabled, updatedBy: values.updatedBy, updatedAt: values.updatedAt,
          version: sql`${checkinSchedules.version} + 1`,
        },
      }).returning();
      if (!row) throw new Error('schedule upsert returned no row');
      return toSchedule(row);
    },
    async lockScheduleContext(patientId) {
      await tx.execute(sql`select pg_advisory_xact_lock(${scheduleLockKey(patientId)})`);
      const [row] = await tx.select({ s: checkinSchedules, timezone: patients.timezone, patientStatus: patients.status, formVersion: checkinForms.currentVersion })
        .from(checkinSchedules)
        .innerJoin(patients, and(eq(patients.id, checkinSchedules.patientId), isNull(patients.deletedAt)))
        .innerJoin(checkinForms, eq(checkinForms.id, checkinSchedules.formId))
        .where(eq(checkinSchedules.patientId, patientId)).limit(1);
      return row ? { ...toSchedule(row.s), timezone: row.timezone, formVersion: row.formVersion, patientStatus: row.patientStatus } : null;
    },

    async openInstance(patientId) {
      const [row] = await tx.select().from(checkins)
        .where(and(eq(checkins.patientId, patientId), inArray(checkins.status, ['scheduled', 'pending', 'late'])))
        .orderBy(desc(checkins.dueAt)).limit(1);
      return row ? toState(row) : null;
    },
    async lockInstance(checkinId) {
      const [row] = await tx.select().from(checkins).where(eq(checkins.id, checkinId)).limit(1).for('update');
      return row ? { ...toState(row), professionalId: row.professionalId } : null;
    },
    async insertInstance(state, professionalId, now) {
      const inserted = await tx.insert(checkins).values({
        id: state.checkinId, professionalId, patientId: state.patientId, formId: state.formId, formVersion: state.formVersion,
        opensAt: state.opensAt, dueAt: state.dueAt, graceEndsAt: state.graceEndsAt, ...lifecycleColumns(state), createdAt: now, updatedAt: now,
      }).onConflictDoNothing().returning({ id: checkins.id });
      return inserted.length === 1;
    },
    async saveInstance(state, expectedStatus, now) {
      const saved = await tx.update(checkins).set({ ...lifecycleColumns(state), updatedAt: now })
        .where(and(eq(checkins.patientId, state.patientId), eq(checkins.dueAt, state.dueAt), eq(checkins.id, state.checkinId), eq(checkins.status, expectedStatus)))
        .returning({ id: checkins.id });
      return saved.length === 1;
    },

    async findCheckin(checkinId): Promise<CheckinDetail | null> {
      const [row] = await tx.select({ c: checkins, patientName: patients.name, formName: checkinForms.name, schema: checkinFormVersions.formSchema })
        .from(checkins).innerJoin(patients, livePatient)
        .innerJoin(checkinForms, eq(checkinForms.id, checkins.formId))
        .innerJoin(checkinFormVersions, and(eq(checkinFormVersions.formId, checkins.formId), eq(checkinFormVersions.version, checkins.formVersion)))
        .where(eq(checkins.id, checkinId)).limit(1);
      return row ? { ...view(row), formSchema: asFormSchema(row.schema) } : null;
    },
    async listCheckins(q) {
      const inbox = q.order === 'inbox';
      const key = inbox ? checkins.inboxAt : checkins.dueAt;
      const filters: (SQL | undefined)[] = [];
      if (q.statuses.length > 0) filters.push(visibleStatusIn(q.statuses, q.now));
      if (q.patientId) filters.push(eq(checkins.patientId, q.patientId));
      if (q.after) {
        filters.push(inbox
          ? sql`(${key}, ${checkins.id}) > (${q.after.key}::timestamptz, ${q.after.id}::uuid)`
          : sql`(${key}, ${checkins.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)`);
      }
      // The live-patient rule and the names are per-row subselects, not joins: joined, the planner multiplies the
      // tenant filters (estimates 1–9 rows for hundreds) and reads and sorts the whole backlog instead of walking
      // checkins_inbox_idx in order and stopping after the page (docs/BENCHMARKS.md, check-in inbox).
      filters.push(sql`(select p.deleted_at is null from patients p where p.id = ${checkins.patientId})`);
      const rows = await tx.select({
        c: checkins,
        patientName: sql<string>`(select p.name from patients p where p.id = ${checkins.patientId})`,
        formName: sql<string>`(select f.name from checkin_forms f where f.id = ${checkins.formId})`,
        key: sql<string>`${key}::text`,
      })
        .from(checkins)
        .where(and(...filters))
        .orderBy(...(inbox ? [asc(key), asc(checkins.id)] : [desc(key), desc(checkins.id)]))
        .limit(q.limit + 1);
      return rows.map((r) => ({ ...view(r), cursorKey: r.key }));
    },
  };
  return store;
}

/**
 * The statuses a reader sees (the domain's `visibleState`): a row whose next time has come counts as the
 * status it is about to be moved to, so a filter agrees with what the items show. Rows already at a
 * status whose time has not come, and answered ones, are what they store.
 */
function visibleStatusIn(statuses: readonly CheckinStatus[], now: Date): SQL {
  const at = sqlInstant(now);
  const open = sql`${checkins.status} in ('scheduled', 'pending', 'late')`;
  const parts = statuses.map((s): SQL => {
    switch (s) {
      case 'scheduled': return sql`(${checkins.status} = 'scheduled' and ${checkins.opensAt} > ${at})`;
      case 'pending': return sql`(${checkins.status} in ('scheduled', 'pending') and ${checkins.opensAt} <= ${at} and ${checkins.dueAt} > ${at})`;
      case 'late': return sql`(${open} and ${checkins.dueAt} <= ${at} and ${checkins.graceEndsAt} > ${at})`;
      case 'missed': return sql`(${checkins.status} = 'missed' or (${open} and ${checkins.graceEndsAt} <= ${at}))`;
      case 'submitted': return sql`${checkins.status} = 'submitted'`;
      case 'reviewed': return sql`${checkins.status} = 'reviewed'`;
      default: {
        const never: never = s;
        throw new Error(`unknown check-in status ${String(never)}`);
      }
    }
  });
  return sql`(${sql.join(parts, sql` or `)})`;
}
