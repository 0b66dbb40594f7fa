import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';

/** Seeds risk signals directly (system handle): a test owns its patients and states its facts by hand. */

export interface RiskPatient { professionalId: string; patientId: string }

export async function seedRiskTenant(db: Database, opts: { patients?: number; timezones?: string[] } = {}): Promise<{ professionalId: string; userId: string; patientIds: string[] }> {
  const professionalId = ids.newId();
  const userId = ids.newId();
  const patientIds = Array.from({ length: opts.patients ?? 1 }, () => ids.newId());
  await withSystemBypass(db, 'test seed: risk tenant', async (tx) => {
    await tx.execute(sql`insert into professionals (id, name) values (${professionalId}, 'Tenant')`);
    await tx.execute(sql`insert into users (id, professional_id, role, email, email_normalized, password_hash)
      values (${userId}, ${professionalId}, 'professional', ${`${userId}@example.com`}, ${`${userId}@example.com`}, 'x')`);
    for (const [i, id] of patientIds.entries()) {
      await tx.execute(sql`insert into patients (id, professional_id, name, email, timezone)
        values (${id}, ${professionalId}, 'Paciente', ${`${id}@example.com`}, ${opts.timezones?.[i] ?? 'America/Sao_Paulo'})`);
    }
  });
  return { professionalId, userId, patientIds };
}

/** One day of tasks: `meals` meal tasks of which `done` completed at `completedAt`, plus a hydration task with `goalMl`. */
export async function seedTaskDay(db: Database, p: RiskPatient, date: string, d: { meals: number; done: number; goalMl?: number; completedAt?: string }): Promise<void> {
  const protocolId = ids.newId();
  await withSystemBypass(db, 'test seed: task day', async (tx) => {
    for (let i = 0; i < d.meals; i += 1) {
      const id = ids.newId();
      await tx.execute(sql`insert into daily_tasks (id, professional_id, patient_id, task_date, task_key, kind, title, protocol_id, protocol_version)
        values (${id}, ${p.professionalId}, ${p.patientId}, ${date}::date, ${`meal:m${i}`}, 'meal', 'Refeição', ${protocolId}, 1)`);
      if (i < d.done) {
        await tx.execute(sql`insert into daily_task_completions (task_id, professional_id, patient_id, completed_at)
          values (${id}, ${p.professionalId}, ${p.patientId}, ${d.completedAt ?? `${date}T15:00:00Z`}::timestamptz)`);
      }
    }
    if (d.goalMl) {
      await tx.execute(sql`insert into daily_tasks (id, professional_id, patient_id, task_date, task_key, kind, title, target_ml, protocol_id, protocol_version)
        values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, ${date}::date, 'hydration', 'hydration', 'Água', ${d.goalMl}, ${protocolId}, 1)`);
    }
  });
}

export async function seedWater(db: Database, p: RiskPatient, logDate: string, loggedAt: string, amountMl: number): Promise<void> {
  await withSystemBypass(db, 'test seed: water', (tx) => tx.execute(sql`
    insert into water_intake_logs (id, professional_id, patient_id, logged_at, log_date, amount_ml)
    values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, ${loggedAt}::timestamptz, ${logDate}::date, ${amountMl})`));
}

export interface SeedCheckin { dueAt: string; status: 'submitted' | 'reviewed' | 'missed' | 'pending'; submittedAt?: string }

export async function seedCheckins(db: Database, p: RiskPatient, checkins: readonly SeedCheckin[]): Promise<void> {
  const formId = ids.newId();
  await withSystemBypass(db, 'test seed: check-ins', async (tx) => {
    await tx.execute(sql`insert into checkin_forms (id, professional_id, name, created_by) values (${formId}, ${p.professionalId}, 'Semanal', ${ids.newId()})`);
    for (const c of checkins) {
      const due = new Date(c.dueAt);
      const opens = new Date(due.getTime() - 2 * 86_400_000).toISOString();
      const grace = new Date(due.getTime() + 2 * 86_400_000).toISOString();
      const submitted = c.status === 'submitted' || c.status === 'reviewed';
      await tx.execute(sql`insert into checkins (id, professional_id, patient_id, form_id, form_version, status, opens_at, due_at, grace_ends_at,
          missed_at, submitted_at, responses, reviewed_at, next_transition_at)
        values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, ${formId}, 1, ${c.status}, ${opens}::timestamptz, ${c.dueAt}::timestamptz, ${grace}::timestamptz,
          ${c.status === 'missed' ? grace : null}::timestamptz, ${submitted ? (c.submittedAt ?? null) : null}::timestamptz, ${submitted ? '{}' : null}::jsonb,
          ${c.status === 'reviewed' ? c.submittedAt ?? null : null}::timestamptz, ${c.status === 'pending' ? c.dueAt : null}::timestamptz)`);
    }
  });
}

export interface StoredRiskRow { status: string; risk_score: number | null; risk_band: string | null; risk_factors: unknown; risk_computed_at: string | null; last_activity_at: string | null; status_changed_at: string | null }

export async function storedRisk(db: Database, patientId: string): Promise<StoredRiskRow | undefined> {
  return withSystemBypass(db, 'test read: risk columns', async (tx) => rowsOf<StoredRiskRow>(await tx.execute(sql`
    select status, risk_score, risk_band, risk_factors, risk_computed_at::text, last_activity_at::text, status_changed_at::text from patients where id = ${patientId}`))[0]);
}

export async function countRows(db: Database, q: ReturnType<typeof sql>): Promise<number> {
  return withSystemBypass(db, 'test read: count', async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(q))[0]?.n ?? 0));
}

/** Outbox messages of a patient of a type (their payload names the patient). */
export const outboxCount = (db: Database, type: string, patientId: string) =>
  countRows(db, sql`select count(*)::int as n from event_outbox where type = ${type} and payload->>'patientId' = ${patientId}`);

export const auditCount = (db: Database, patientId: string, action = 'patient.risk_status_changed') =>
  countRows(db, sql`select count(*)::int as n from audit_log where entity_id = ${patientId} and action = ${action}`);
