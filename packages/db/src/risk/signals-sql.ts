import { sql, type SQL } from 'drizzle-orm';
import { RECENT_CHECKINS, RISK_SIGNAL_WINDOWS, STREAK_DAY_THRESHOLD, type PatientStatus, type RiskSignals } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { rowsOf } from '../rows.ts';

/** Which patients: by id, or the next keyset batch of all live patients (the nightly run). */
export type RiskTarget =
  | { kind: 'ids'; patientIds: readonly string[] }
  | { kind: 'batch'; afterPatientId: string | null; batchSize: number; professionalIds?: readonly string[] }
  | { kind: 'all'; professionalIds?: readonly string[] };

export interface PatientRiskSignals {
  patientId: string;
  professionalId: string;
  status: PatientStatus;
  signals: RiskSignals;
  /** The newest activity seen (never older than the stored value): written back to patients.last_activity_at. */
  lastActivityAt: Date | null;
}

interface Row {
  id: string; professional_id: string; status: PatientStatus;
  on_time_rate: number | null; missed: number; avg_delay_h: number | null; adherence7d: number | null; adherence30d: number | null;
  hydration_pct: number | null; streak: number; days_since: number | null; last_activity_at: Date | string | null;
}

const DAY_MS = 86_400_000;
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;
const num = (x: number | string | null): number | null => (x === null ? null : Number(x));

function targetFilter(t: RiskTarget): { where: SQL; tail: SQL } {
  if (t.kind === 'ids') return { where: sql`p.id = any(${uuidArray(t.patientIds)}::uuid[])`, tail: sql`` };
  if (t.kind === 'all') return { where: t.professionalIds ? sql`p.professional_id = any(${uuidArray(t.professionalIds)}::uuid[])` : sql`true`, tail: sql`` };
  const after = t.afterPatientId === null ? sql`true` : sql`p.id > ${t.afterPatientId}::uuid`;
  const tenants = t.professionalIds ? sql`and p.professional_id = any(${uuidArray(t.professionalIds)}::uuid[])` : sql``;
  return { where: sql`${after} ${tenants}`, tail: sql`limit ${t.batchSize}` };
}

/**
 * The risk signals of a set of patients in ONE statement (score.ts defines each signal). Windows, in the
 * patient's time zone (patients.timezone), end at its local yesterday: adherence over 7 and 30 days (tasks
 * of every kind but hydration, pooled completed/total, as the adherence endpoint), hydration over 7 days (mean
 * of the daily intake as % of that day's goal capped at 100, over days with a goal), streak (consecutive days
 * with tasks back from yesterday with ≥ STREAK_DAY_THRESHOLD done; days without tasks neither break nor
 * extend it; at most 30). Check-ins: the last RECENT_CHECKINS closed ones (submitted, reviewed, missed) by due
 * time within a year, exactly as checkinSignals computes them. Activity: the newest completion of a task of
 * the last 30 days, water log of the last 9 days, submission among those check-ins, and the stored
 * last_activity_at (it never moves backwards); days since = calendar days from it to today.
 *
 * Every time bound on a partitioned table (water_intake_logs, checkins) is a constant, so the planner prunes
 * partitions, and the task and completion bounds let the BRIN indexes of 0012 skip older history. `lock`
 * takes FOR NO KEY UPDATE on the patients read (the writer, writeRiskAssessments, locks at write time anyway).
 */
export async function readRiskSignals(tx: Tx, target: RiskTarget, now: Date, options: { lock: boolean }): Promise<PatientRiskSignals[]> {
  if (target.kind === 'ids' && target.patientIds.length === 0) return [];
  const rows = rowsOf<Row>(await tx.execute(riskSignalsQuery(target, now, options)));
  return rows.map(toSignals);
}

/** The statement of readRiskSignals (exported for EXPLAIN in bench/risk-recalculation.ts). */
export function riskSignalsQuery(target: RiskTarget, now: Date, options: { lock: boolean }): SQL {
  const { where, tail } = targetFilter(target);
  const utcMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // A log counted for local date D was logged in [D − 14 h, D + 36 h) UTC; D ≥ (UTC date − 1) − 7.
  const waterFrom = new Date(utcMidnight - (RISK_SIGNAL_WINDOWS.hydrationDays + 2) * DAY_MS).toISOString();
  const waterTo = new Date(utcMidnight + 2 * DAY_MS).toISOString();
  const checkinsFrom = new Date(now.getTime() - RISK_SIGNAL_WINDOWS.checkinLookbackDays * DAY_MS).toISOString();
  // Every patient's today is the UTC date ± 1: constant bounds let the BRIN indexes skip older history.
  const tasksFrom = new Date(utcMidnight - (RISK_SIGNAL_WINDOWS.adherenceLongDays + 1) * DAY_MS).toISOString().slice(0, 10);
  const tasksTo = new Date(utcMidnight + DAY_MS).toISOString().slice(0, 10);
  // A task can only be completed from its own day on (no future tasks): at worst 14 h before its UTC date.
  const completionsFrom = new Date(utcMidnight - (RISK_SIGNAL_WINDOWS.adherenceLongDays + 2) * DAY_MS).toISOString();
  const long = RISK_SIGNAL_WINDOWS.adherenceLongDays;
  const short = RISK_SIGNAL_WINDOWS.adherenceShortDays;
  const hydration = RISK_SIGNAL_WINDOWS.hydrationDays;
  return sql`
    with target as materialized (
      select p.id, p.professional_id, p.status, p.timezone, p.last_activity_at, (${now.toISOString()}::timestamptz at time zone p.timezone)::date as today
      from patients p
      where p.deleted_at is null and ${where}
      order by p.id ${tail}
      ${options.lock ? sql`for no key update of p` : sql``}
    ),
    task_days as (
      select t.patient_id, t.task_date, p.today,
        count(*) filter (where t.kind <> 'hydration')::int as total,
        count(c.task_id) filter (where t.kind <> 'hydration')::int as done,
        max(t.target_ml) filter (where t.kind = 'hydration') as goal_ml,
        max(c.completed_at) as last_completed_at
      from target p
      join daily_tasks t on t.patient_id = p.id and t.task_date >= p.today - ${long}::int and t.task_date <= p.today
        and t.task_date between ${tasksFrom}::date and ${tasksTo}::date
      left join daily_task_completions c on c.task_id = t.id and c.completed_at >= ${completionsFrom}::timestamptz
      group by t.patient_id, t.task_date, p.today
    ),
    water_days as (
      select w.patient_id, w.log_date, sum(w.amount_ml)::int as ml, max(w.logged_at) as last_logged_at
      from target p join water_intake_logs w on w.patient_id = p.id
      where w.logged_at >= ${waterFrom}::timestamptz and w.logged_at < ${waterTo}::timestamptz
      group by w.patient_id, w.log_date
    ),
    days as (
      select d.*, coalesce(w.ml, 0) as ml,
        max(d.task_date) filter (where d.total > 0 and d.task_date < d.today and d.done < ${STREAK_DAY_THRESHOLD}::numeric * d.total)
          over (partition by d.patient_id) as last_short_day
      from task_days d left join water_days w on w.patient_id = d.patient_id and w.log_date = d.task_date
    ),
    task_agg as (
      select patient_id,
        sum(total) filter (where task_date >= today - ${short}::int and task_date < today) as total7,
        sum(done) filter (where task_date >= today - ${short}::int and task_date < today) as done7,
        sum(total) filter (where task_date < today) as total30,
        sum(done) filter (where task_date < today) as done30,
        avg(least(100, round(ml * 100.0 / goal_ml))) filter (where goal_ml > 0 and task_date >= today - ${hydration}::int and task_date < today) as hydration_pct,
        count(*) filter (where total > 0 and task_date < today and task_date > coalesce(last_short_day, '-infinity'::date))::int as streak,
        max(last_completed_at) as last_completed_at
      from days group by patient_id
    ),
    water_agg as (select patient_id, max(last_logged_at) as last_logged_at from water_days group by patient_id),
    recent_checkins as (
      select p.id as patient_id, r.due_at, r.submitted_at
      from target p cross join lateral (
        select c.due_at, c.submitted_at from checkins c
        where c.patient_id = p.id and c.status in ('submitted', 'reviewed', 'missed') and c.due_at >= ${checkinsFrom}::timestamptz
        order by c.due_at desc limit ${RECENT_CHECKINS}
      ) r
    ),
    checkin_agg as (
      select patient_id, count(*)::int as n, count(submitted_at)::int as submitted,
        count(*) filter (where submitted_at < due_at)::int as on_time,
        avg(extract(epoch from submitted_at - due_at)) filter (where submitted_at >= due_at) as avg_delay_s,
        max(submitted_at) as last_submitted_at
      from recent_checkins group by patient_id
    ),
    activity as (
      select p.id, greatest(p.last_activity_at, ta.last_completed_at, wa.last_logged_at, ca.last_submitted_at) as at
      from target p left join task_agg ta on ta.patient_id = p.id left join water_agg wa on wa.patient_id = p.id
      left join checkin_agg ca on ca.patient_id = p.id
    )
    select p.id, p.professional_id, p.status,
      case when ca.n > 0 then round(ca.on_time::numeric / ca.n, 4)::float8 end as on_time_rate,
      coalesce(ca.n - ca.submitted, 0)::int as missed,
      case when coalesce(ca.submitted, 0) = 0 then null when ca.avg_delay_s is null then 0 else round(ca.avg_delay_s / 3600, 1)::float8 end as avg_delay_h,
      case when ta.total7 > 0 then round(ta.done7::numeric / ta.total7, 4)::float8 end as adherence7d,
      case when ta.total30 > 0 then round(ta.done30::numeric / ta.total30, 4)::float8 end as adherence30d,
      round(ta.hydration_pct, 1)::float8 as hydration_pct,
      coalesce(ta.streak, 0)::int as streak,
      case when a.at is not null then greatest(0, p.today - (a.at at time zone p.timezone)::date) end::int as days_since,
      a.at as last_activity_at
    from target p join activity a on a.id = p.id
    left join task_agg ta on ta.patient_id = p.id
    left join checkin_agg ca on ca.patient_id = p.id
    order by p.id`;
}

function toSignals(r: Row): PatientRiskSignals {
  const hydrationPct = num(r.hydration_pct);
  return {
      patientId: r.id,
      professionalId: r.professional_id,
      status: r.status,
      lastActivityAt: r.last_activity_at === null ? null : new Date(r.last_activity_at),
      signals: {
        onTimeRate: num(r.on_time_rate),
        missedCheckins: Number(r.missed),
        averageDelayHours: num(r.avg_delay_h),
        adherence7d: num(r.adherence7d),
        adherence30d: num(r.adherence30d),
        hydration7d: hydrationPct === null ? null : Math.round(hydrationPct * 10) / 1000,
        streakDays: Number(r.streak),
      daysSinceLastActivity: num(r.days_since),
    },
  };
}
