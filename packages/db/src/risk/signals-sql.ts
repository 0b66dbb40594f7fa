import { sql, type SQL } from 'drizzle-orm';
import { RECENT_CHECKINS, RISK_SIGNAL_WINDOWS, STREAK_DAY_THRESHOLD, type PatientStatus, type RiskSignals } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { rowsOf } from '../rows.ts';

/** Which patients: by id, the next keyset batch of all live patients, or all of them (optionally an id range). */
export type RiskTarget =
  | { kind: 'ids'; patientIds: readonly string[] }
  | { kind: 'batch'; afterPatientId: string | null; batchSize: number; professionalIds?: readonly string[] }
  | { kind: 'all'; professionalIds?: readonly string[]; afterPatientId?: string | null; throughPatientId?: string | null };

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
  if (t.kind === 'all') {
    // An id range (after, through] of the nightly run's concurrent slices; open ends when null or absent.
    const after = t.afterPatientId ? sql`and p.id > ${t.afterPatientId}::uuid` : sql``;
    const through = t.throughPatientId ? sql`and p.id <= ${t.throughPatientId}::uuid` : sql``;
    const tenants = t.professionalIds ? sql`p.professional_id = any(${uuidArray(t.professionalIds)}::uuid[])` : sql`true`;
    return { where: sql`${tenants} ${after} ${through}`, tail: sql`` };
  }
  const after = t.afterPatientId === null ? sql`true` : sql`p.id > ${t.afterPatientId}::uuid`;
  const tenants = t.professionalIds ? sql`and p.professional_id = any(${uuidArray(t.professionalIds)}::uuid[])` : sql``;
  return { where: sql`${after} ${tenants}`, tail: sql`limit ${t.batchSize}` };
}

/**
 * The risk signals of a set of patients in ONE statement (score.ts defines each signal). Tasks, completions and
 * water come from the per-day summary daily_adherence_days (migrations/0014, kept exact by triggers on the facts):
 * 31 rows per patient. Windows, in the patient's time zone (patients.timezone), end at its local yesterday:
 * adherence over 7 and 30 days (tasks of every kind but hydration, pooled completed/total, as the adherence
 * endpoint), hydration over 7 days (mean of the daily intake as % of that day's goal capped at 100, over days with
 * a goal), streak (consecutive days with tasks back from yesterday with ≥ STREAK_DAY_THRESHOLD done; days without
 * tasks neither break nor extend it; at most 30). Check-ins: the last RECENT_CHECKINS closed ones (submitted,
 * reviewed, missed) by due time within a year, exactly as checkinSignals computes them. Activity: the newest
 * completion or water log of the days of the last 30 days, submission among those check-ins, the newest measurement the
 * patient recorded itself, and the stored
 * last_activity_at (it never moves backwards); days since = calendar days from it to today.
 *
 * Every time bound on a partitioned table (checkins) is a constant, so the planner prunes partitions, and the
 * day bounds keep each patient's index range to its window. `lock` takes FOR NO KEY UPDATE
 * on the patients read (the writer, writeRiskAssessments, locks at write time anyway).
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
  const checkinsFrom = new Date(now.getTime() - RISK_SIGNAL_WINDOWS.checkinLookbackDays * DAY_MS).toISOString();
  // Every patient's today is the UTC date ± 1: constant bounds let the BRIN index skip older history.
  const daysFrom = new Date(utcMidnight - (RISK_SIGNAL_WINDOWS.adherenceLongDays + 1) * DAY_MS).toISOString().slice(0, 10);
  const daysTo = new Date(utcMidnight + DAY_MS).toISOString().slice(0, 10);
  const long = RISK_SIGNAL_WINDOWS.adherenceLongDays;
  const short = RISK_SIGNAL_WINDOWS.adherenceShortDays;
  const hydration = RISK_SIGNAL_WINDOWS.hydrationDays;
  // Streak without a window function (a sort of every patient-day): bit i of each mask is the day today − 1 − i
  // (30 days fit in an int); the streak is the number of good days after the most recent short day (all when none).
  const dayBit = sql`(1 << (p.today - 1 - d.day))`;
  const isShort = sql`d.done < ${STREAK_DAY_THRESHOLD}::numeric * d.total`;
  return sql`
    with target as materialized (
      select p.id, p.professional_id, p.status, p.timezone, p.last_activity_at, (${now.toISOString()}::timestamptz at time zone p.timezone)::date as today
      from patients p
      where p.deleted_at is null and ${where}
      order by p.id ${tail}
      ${options.lock ? sql`for no key update of p` : sql``}
    ),
    -- Per patient, its own window of the summary: an index range of the primary key (patient_id, day), whatever the
    -- number of patients (one, a range or everyone), so no plan hashes or sorts every patient-day.
    task_agg as (
      select p.id as patient_id, s.*
      from target p cross join lateral (
        select
          sum(d.total) filter (where d.day >= p.today - ${short}::int and d.day < p.today) as total7,
          sum(d.done) filter (where d.day >= p.today - ${short}::int and d.day < p.today) as done7,
          sum(d.total) filter (where d.day < p.today) as total30,
          sum(d.done) filter (where d.day < p.today) as done30,
          avg(least(100, round(d.water_ml * 100.0 / d.goal_ml))) filter (where d.goal_ml > 0 and d.day >= p.today - ${hydration}::int and d.day < p.today) as hydration_pct,
          coalesce(bit_or(${dayBit}) filter (where d.total > 0 and d.day < p.today and ${isShort}), 0) as short_mask,
          coalesce(bit_or(${dayBit}) filter (where d.total > 0 and d.day < p.today and not ${isShort}), 0) as good_mask,
          max(d.last_activity_at) as last_activity_at
        from daily_adherence_days d
        where d.patient_id = p.id and d.day >= p.today - ${long}::int and d.day <= p.today
          and d.day between ${daysFrom}::date and ${daysTo}::date
      ) s
    ),
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
      -- A body measurement the patient recorded itself counts too: one index-only probe of the partial index
      -- body_measurements_patient_activity_idx per patient (migrations/0030).
      select p.id, greatest(p.last_activity_at, ta.last_activity_at, ca.last_submitted_at,
        (select max(m.created_at) from body_measurements m where m.patient_id = p.id and m.recorded_by_role = 'patient')) as at
      from target p left join task_agg ta on ta.patient_id = p.id
      left join checkin_agg ca on ca.patient_id = p.id
    )
    select p.id, p.professional_id, p.status,
      case when ca.n > 0 then round(ca.on_time::numeric / ca.n, 4)::float8 end as on_time_rate,
      coalesce(ca.n - ca.submitted, 0)::int as missed,
      case when coalesce(ca.submitted, 0) = 0 then null when ca.avg_delay_s is null then 0 else round(ca.avg_delay_s / 3600, 1)::float8 end as avg_delay_h,
      case when ta.total7 > 0 then round(ta.done7::numeric / ta.total7, 4)::float8 end as adherence7d,
      case when ta.total30 > 0 then round(ta.done30::numeric / ta.total30, 4)::float8 end as adherence30d,
      round(ta.hydration_pct, 1)::float8 as hydration_pct,
      coalesce(length(replace((ta.good_mask & case when ta.short_mask = 0 then -1 else (ta.short_mask & -ta.short_mask) - 1 end)::bit(32)::text, '0', '')), 0)::int as streak,
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
