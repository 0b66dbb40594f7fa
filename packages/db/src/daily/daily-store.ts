import { sql } from 'drizzle-orm';
import type { DailyAudit, DailyStore, DayFacts, DailyTaskView, ProtocolContent, TaskForCompletion } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow, rowsOf } from '../rows.ts';
import { recordAudit, type AuditActor } from '../audit.ts';

const KINDS = ['meal', 'training', 'supplement', 'hydration'] as const;
type Kind = (typeof KINDS)[number];
const asKind = (k: string): Kind => {
  const found = KINDS.find((x) => x === k);
  if (!found) throw new Error(`unknown task kind in daily_tasks: ${k}`);
  return found;
};
const asDate = (d: Date | string | null): Date | null => (d === null ? null : d instanceof Date ? d : new Date(d));
/** postgres.js returns `date` columns as strings when cast to text; we always select ::text for dates. */

/**
 * A water log for date D was logged between D 00:00 at UTC+14 and D+1 24:00 at UTC−12: bounding logged_at
 * to [D − 1 day, D + 2 days) lets the planner prune monthly partitions without changing the result.
 */
const loggedAtBounds = (from: string, to: string) =>
  sql`logged_at >= (${from}::date - 1)::timestamp at time zone 'UTC' and logged_at < (${to}::date + 2)::timestamp at time zone 'UTC'`;

/** The daily-execution store, inside the caller's transaction: RLS decides what it can see. */
export function createDailyStore(tx: Tx): DailyStore {
  return {
    async patientTimezone(patientId) {
      const row = firstRow<{ timezone: string }>(await tx.execute(sql`
        select timezone from patients where id = ${patientId}::uuid and deleted_at is null`));
      return row?.timezone ?? null;
    },

    async day(patientId, date) {
      const rows = rowsOf<{ id: string; task_key: string; kind: string; title: string; scheduled_time: string | null; target_ml: number | null;
        protocol_id: string; protocol_version: number; completed_at: Date | string | null; consumed_ml: number | string }>(await tx.execute(sql`
        with water as (
          select coalesce(sum(amount_ml), 0)::int as consumed_ml from water_intake_logs
          where patient_id = ${patientId}::uuid and log_date = ${date}::date and ${loggedAtBounds(date, date)}
        )
        select t.id, t.task_key, t.kind, t.title, to_char(t.scheduled_time, 'HH24:MI') as scheduled_time, t.target_ml,
          t.protocol_id, t.protocol_version, c.completed_at, w.consumed_ml
        from water w
        left join daily_tasks t on t.patient_id = ${patientId}::uuid and t.task_date = ${date}::date
        left join daily_task_completions c on c.task_id = t.id
        order by t.scheduled_time nulls last, t.task_key`));
      const consumedMl = Number(rows[0]?.consumed_ml ?? 0);
      const tasks: DailyTaskView[] = rows.filter((r) => r.id !== null).map((r) => ({
        id: r.id, taskKey: r.task_key, kind: asKind(r.kind), title: r.title, scheduledTime: r.scheduled_time, targetMl: r.target_ml,
        protocolId: r.protocol_id, protocolVersion: Number(r.protocol_version), completedAt: asDate(r.completed_at),
      }));
      return { tasks, consumedMl };
    },

    async activeProtocol(patientId) {
      const row = firstRow<{ id: string; current_version: number; content: ProtocolContent }>(await tx.execute(sql`
        select id, current_version, content from protocols
        where patient_id = ${patientId}::uuid and status = 'active' and deleted_at is null`));
      return row ? { protocolId: row.id, contentVersion: Number(row.current_version), content: row.content } : null;
    },

    async taskForCompletion(taskId) {
      const r = firstRow<{ id: string; patient_id: string; task_date: string; kind: string; completed_at: Date | string | null; timezone: string }>(await tx.execute(sql`
        select t.id, t.patient_id, t.task_date::text as task_date, t.kind, c.completed_at, p.timezone
        from daily_tasks t join patients p on p.id = t.patient_id
        left join daily_task_completions c on c.task_id = t.id
        where t.id = ${taskId}::uuid`));
      if (!r) return null;
      const task: TaskForCompletion = { id: r.id, patientId: r.patient_id, taskDate: r.task_date, kind: asKind(r.kind), completedAt: asDate(r.completed_at), timezone: r.timezone };
      return task;
    },

    async insertCompletion(c) {
      const now = c.completedAt.toISOString();
      const r = firstRow<{ completed_at: Date | string; inserted: boolean }>(await tx.execute(sql`
        with ins as (
          insert into daily_task_completions (task_id, professional_id, patient_id, completed_at, created_at, updated_at)
          values (${c.taskId}::uuid, ${c.professionalId}::uuid, ${c.patientId}::uuid, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
          on conflict (task_id) do nothing
          returning completed_at
        )
        select completed_at, true as inserted from ins
        union all
        select completed_at, false from daily_task_completions where task_id = ${c.taskId}::uuid and not exists (select 1 from ins)`));
      return { completedAt: asDate(r?.completed_at ?? c.completedAt) ?? c.completedAt, inserted: r?.inserted ?? false };
    },

    async deleteCompletion(taskId) {
      const rows = rowsOf<{ task_id: string }>(await tx.execute(sql`
        delete from daily_task_completions where task_id = ${taskId}::uuid returning task_id`));
      return rows.length > 0;
    },

    async insertWaterLog(log) {
      const at = log.loggedAt.toISOString();
      await tx.execute(sql`
        insert into water_intake_logs (id, professional_id, patient_id, logged_at, log_date, amount_ml, created_at, updated_at)
        values (${log.id}::uuid, ${log.professionalId}::uuid, ${log.patientId}::uuid, ${at}::timestamptz, ${log.logDate}::date, ${log.amountMl}, now(), now())`);
    },

    async dayFacts(patientId, from, to) {
      const rows = rowsOf<{ date: string; total: number; completed: number; goal_ml: number | null; consumed_ml: number }>(await tx.execute(sql`
        with tasks as (
          select t.task_date,
            count(*) filter (where t.kind <> 'hydration')::int as total,
            count(c.task_id) filter (where t.kind <> 'hydration')::int as completed,
            max(t.target_ml) filter (where t.kind = 'hydration') as goal_ml
          from daily_tasks t left join daily_task_completions c on c.task_id = t.id
          where t.patient_id = ${patientId}::uuid and t.task_date between ${from}::date and ${to}::date
          group by t.task_date
        ),
        water as (
          select log_date, sum(amount_ml)::int as consumed_ml from water_intake_logs
          where patient_id = ${patientId}::uuid and log_date between ${from}::date and ${to}::date and ${loggedAtBounds(from, to)}
          group by log_date
        )
        select coalesce(t.task_date, w.log_date)::text as date, coalesce(t.total, 0) as total, coalesce(t.completed, 0) as completed,
          t.goal_ml, coalesce(w.consumed_ml, 0) as consumed_ml
        from tasks t full join water w on w.log_date = t.task_date
        order by 1`));
      return rows.map((r): DayFacts => ({ date: r.date, total: Number(r.total), completed: Number(r.completed), goalMl: r.goal_ml === null ? null : Number(r.goal_ml), consumedMl: Number(r.consumed_ml) }));
    },
  };
}

/** The audit port of the daily use cases, bound to the caller and the request. */
export function createDailyAudit(tx: Tx, meta: { professionalId: string; actor: AuditActor; requestId: string | null; now: Date }): DailyAudit {
  return {
    record: (entry) => recordAudit(tx, { professionalId: meta.professionalId, actor: meta.actor, requestId: meta.requestId, occurredAt: meta.now, ...entry }),
  };
}
