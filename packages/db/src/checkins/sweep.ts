import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
  CHECKIN_STEP_DUE, CHECKIN_STEP_DUE_VERSION, continuesSchedule, nextInstance, scheduleOf, timingMessages,
  type CheckinState, type CheckinStepPayload, type ScheduleContext,
} from '@korevitta/domain';
import type { Database } from '../connection.ts';
import { rowsOf } from '../rows.ts';
import { sqlInstant } from '../sql-values.ts';
import { withSystemBypass, type Tx } from '../tenant.ts';
import { requestRiskRecalculation } from '../risk/requests.ts';

export interface SweepCheckinsInput {
  /** Fixed once by the caller (STYLE.md rule 9). */
  now: Date;
  /** Instances per batch (one short system transaction each). */
  batchSize?: number;
  maxBatches?: number;
  /** Restricts the sweep to some tenants (tests that must own their data). */
  professionalIds?: readonly string[];
}

export interface SweepCheckinsResult {
  batches: number; advanced: number; opened: number; late: number; missed: number; created: number;
  /** Milliseconds spent moving rows, requesting risk recalculations and creating next instances (for the job's log). */
  ms: { transitions: number; risk: number; next: number };
}

interface MovedRow {
  id: string; patient_id: string; professional_id: string; status: 'pending' | 'late' | 'missed';
  form_id: string; form_version: number; opens_at: string; due_at: string; grace_ends_at: string;
}

const iso = (d: Date) => d.toISOString();

/**
 * `check_missed_checkins`: the guard behind the scheduled timing messages. Every instance whose next step is due
 * (next_transition_at ≤ now) is moved, in one UPDATE per batch, to the state the pure `catchUp` reaches: each step
 * whose instant has come is recorded at that instant (opened at opens_at, late at due_at, missed at grace end),
 * so a lost message leaves the same history a timely one would. Rows a request or consumer holds are skipped
 * (SKIP LOCKED) and taken by the next run. For the instances that closed (missed): the next instance of each
 * still-enabled schedule (computed by the domain's nextInstance, inserted in one statement, colliding on
 * (patient, due) if it exists), their timing messages, and one coalesced risk recalculation per patient.
 */
export async function sweepCheckins(db: Database, input: SweepCheckinsInput): Promise<SweepCheckinsResult> {
  const batchSize = input.batchSize ?? 5000;
  const maxBatches = input.maxBatches ?? 1000;
  const total: SweepCheckinsResult = { batches: 0, advanced: 0, opened: 0, late: 0, missed: 0, created: 0, ms: { transitions: 0, risk: 0, next: 0 } };
  while (total.batches < maxBatches) {
    const batch = await withSystemBypass(db, 'job: check missed checkins', (tx) => sweepBatch(tx, input.now, batchSize, input.professionalIds ?? null));
    total.batches += 1;
    total.advanced += batch.advanced;
    total.opened += batch.opened;
    total.late += batch.late;
    total.missed += batch.missed;
    total.created += batch.created;
    total.ms.transitions += batch.ms.transitions;
    total.ms.risk += batch.ms.risk;
    total.ms.next += batch.ms.next;
    // Stop on an empty batch, not a short one: next to an overlapping run (SKIP LOCKED) a batch can come back short
    // while due rows remain.
    if (batch.advanced === 0) break;
  }
  return total;
}

async function sweepBatch(tx: Tx, now: Date, batchSize: number, professionalIds: readonly string[] | null) {
  const t0 = performance.now();
  const moved = rowsOf<MovedRow>(await tx.execute(sql`
    with due as materialized (
      select patient_id, due_at, next_transition_at from checkins
      where next_transition_at <= ${sqlInstant(now)} ${professionalIds ? sql`and professional_id in ${professionalIds}` : sql``}
      order by next_transition_at
      limit ${batchSize}
      for update skip locked
    )
    update checkins c set
      status = case when ${sqlInstant(now)} >= c.grace_ends_at then 'missed' when ${sqlInstant(now)} >= c.due_at then 'late' else 'pending' end,
      opened_at = coalesce(c.opened_at, c.opens_at),
      late_at = case when ${sqlInstant(now)} >= c.due_at then coalesce(c.late_at, c.due_at) end,
      missed_at = case when ${sqlInstant(now)} >= c.grace_ends_at then c.grace_ends_at end,
      next_transition_at = case when ${sqlInstant(now)} >= c.grace_ends_at then null when ${sqlInstant(now)} >= c.due_at then c.grace_ends_at else c.due_at end,
      updated_at = ${sqlInstant(now)}
    from due
    -- Bounds the rows joined to the batch's own range of the sweep index: without it the planner hashes every
    -- partition's open rows (a sequential scan of the whole table) to join 5,000 keys.
    where c.next_transition_at <= (select max(d.next_transition_at) from due d)
      and c.patient_id = due.patient_id and c.due_at = due.due_at and c.status in ('scheduled', 'pending', 'late')
    returning c.id, c.patient_id, c.professional_id, c.status, c.form_id, c.form_version,
      to_json(c.opens_at) #>> '{}' as opens_at, to_json(c.due_at) #>> '{}' as due_at, to_json(c.grace_ends_at) #>> '{}' as grace_ends_at`));
  const late = moved.filter((r) => r.status === 'late');
  const missed = moved.filter((r) => r.status === 'missed');
  const t1 = performance.now();
  if (late.length > 0) await requestRiskRecalculation(tx, { items: late.map(riskItem), reason: 'checkin_late', now, correlationId: null });
  if (missed.length > 0) await requestRiskRecalculation(tx, { items: missed.map(riskItem), reason: 'checkin_missed', now, correlationId: null });
  const t2 = performance.now();
  const created = missed.length > 0 ? await createNextInstances(tx, missed, now) : 0;
  const t3 = performance.now();
  return {
    advanced: moved.length, opened: moved.length - late.length - missed.length, late: late.length, missed: missed.length, created,
    ms: { transitions: Math.round(t1 - t0), risk: Math.round(t2 - t1), next: Math.round(t3 - t2) },
  };
}

const riskItem = (r: MovedRow) => ({ patientId: r.patient_id, professionalId: r.professional_id });

/** A missed row as the state machine sees it (the sweep just set these columns). */
function missedState(r: MovedRow): CheckinState {
  const dueAt = new Date(r.due_at);
  const graceEndsAt = new Date(r.grace_ends_at);
  return {
    status: 'missed', checkinId: r.id, patientId: r.patient_id, formId: r.form_id, formVersion: r.form_version,
    opensAt: new Date(r.opens_at), dueAt, graceEndsAt, openedAt: new Date(r.opens_at), lateAt: dueAt, missedAt: graceEndsAt,
  };
}

interface ContextRow {
  patient_id: string; professional_id: string; form_id: string; cadence: ScheduleContext['cadence']; every_days: number | null; due_time: string;
  grace_hours: number; anchor_date: string; enabled: boolean; timezone: string; patient_status: ScheduleContext['patientStatus']; form_version: number; has_open: boolean;
}

async function createNextInstances(tx: Tx, missed: MovedRow[], now: Date): Promise<number> {
  const patientIds = [...new Set(missed.map((r) => r.patient_id))].sort();
  const ids = JSON.stringify(patientIds);
  // Same lock as a schedule change or a submit (lockScheduleContext), taken in a fixed order; then read in a new
  // statement, whose snapshot sees whatever a transaction that held a lock committed.
  await tx.execute(sql`
    select pg_advisory_xact_lock(hashtextextended('checkin-schedule:' || p.id, 0))
    from (select jsonb_array_elements_text(${ids}::jsonb) as id order by 1) p`);
  const contexts = rowsOf<ContextRow>(await tx.execute(sql`
    select s.patient_id, s.professional_id, s.form_id, s.cadence, s.every_days, s.due_time, s.grace_hours, s.anchor_date::text as anchor_date, s.enabled,
      pt.timezone, pt.status as patient_status, f.current_version as form_version,
      exists (select 1 from checkins o where o.patient_id = s.patient_id and o.status in ('scheduled', 'pending', 'late')) as has_open
    from checkin_schedules s
    join patients pt on pt.id = s.patient_id and pt.deleted_at is null
    join checkin_forms f on f.id = s.form_id
    where s.patient_id in (select jsonb_array_elements_text(${ids}::jsonb)::uuid)`));
  const byPatient = new Map(contexts.map((c) => [c.patient_id, c]));
  const instances: { state: CheckinState; professionalId: string }[] = [];
  for (const row of missed) {
    const c = byPatient.get(row.patient_id);
    if (!c || c.has_open) continue;
    const ctx: ScheduleContext = {
      patientId: c.patient_id, professionalId: c.professional_id, formId: c.form_id, cadence: c.cadence, everyDays: c.every_days, dueTime: c.due_time,
      graceHours: c.grace_hours, anchorDate: c.anchor_date, enabled: c.enabled, version: 0, updatedAt: now, timezone: c.timezone, formVersion: c.form_version,
      patientStatus: c.patient_status,
    };
    if (!continuesSchedule(ctx)) continue;
    instances.push({ state: nextInstance({ closed: missedState(row), checkinId: uuidv7(), schedule: scheduleOf(ctx), now }), professionalId: c.professional_id });
  }
  if (instances.length === 0) return 0;
  const created = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at, next_transition_at, created_at, updated_at)
    select r.id, r.professional_id, r.patient_id, r.form_id, r.form_version, 'scheduled', r.opens_at, r.due_at, r.grace_ends_at, r.opens_at, ${sqlInstant(now)}, ${sqlInstant(now)}
    from jsonb_to_recordset(${JSON.stringify(instances.map((i) => ({
      id: i.state.checkinId, professional_id: i.professionalId, patient_id: i.state.patientId, form_id: i.state.formId, form_version: i.state.formVersion,
      opens_at: iso(i.state.opensAt), due_at: iso(i.state.dueAt), grace_ends_at: iso(i.state.graceEndsAt),
    })))}::jsonb) as r(id uuid, professional_id uuid, patient_id uuid, form_id uuid, form_version int, opens_at timestamptz, due_at timestamptz, grace_ends_at timestamptz)
    on conflict do nothing
    returning id`));
  const createdIds = new Set(created.map((r) => r.id));
  const outbox = instances.filter((i) => createdIds.has(i.state.checkinId)).flatMap((i) => timingMessages(i.state).map((m) => {
    const payload: CheckinStepPayload = { checkinId: i.state.checkinId, patientId: i.state.patientId, dueAt: iso(i.state.dueAt), step: m.command.type };
    return { id: uuidv7(), professional_id: i.professionalId, message_id: m.messageId, payload, deliver_at: iso(m.deliverAt) };
  }));
  if (outbox.length > 0) {
    await tx.execute(sql`
      insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, correlation_id, occurred_at, deliver_at, created_at, updated_at)
      select r.id, r.professional_id, 'default', r.message_id, ${CHECKIN_STEP_DUE}, ${CHECKIN_STEP_DUE_VERSION}, r.payload, null, ${sqlInstant(now)}, r.deliver_at, ${sqlInstant(now)}, ${sqlInstant(now)}
      from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb) as r(id uuid, professional_id uuid, message_id text, payload jsonb, deliver_at timestamptz)`);
  }
  return created.length;
}
