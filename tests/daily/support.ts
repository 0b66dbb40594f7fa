import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { ProtocolContent, WEEKDAYS } from '@korevitta/domain';
import { rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';

/** A small deterministic PRNG (mulberry32), so a failing generated case can be replayed by seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const time = (r: ReturnType<typeof prng>) => `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.pick([0, 15, 30, 45, 59])).padStart(2, '0')}`;
const someWeekdays = (r: ReturnType<typeof prng>) => WEEKDAYS.filter(() => r.chance(0.4)).concat().filter((d, i, a) => a.indexOf(d) === i);

/** A random valid protocol content (validated by the domain schema, so the SQL sees what production stores). */
export function randomContent(seed: number): ProtocolContent {
  const r = prng(seed);
  const content: Record<string, unknown> = {};
  if (r.chance(0.7)) {
    content.nutrition = {
      dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 },
      meals: Array.from({ length: r.int(1, 6) }, (_, i) => ({ key: `m${i}`, name: `Refeição ${i} ção`, time: time(r), items: [] })),
    };
  }
  if (r.chance(0.6)) {
    content.training = {
      sessions: Array.from({ length: r.int(1, 4) }, (_, i) => {
        const days = someWeekdays(r);
        return { key: `s${i}`, name: `Treino ${i}`, weekdays: days.length ? days : ['mon'], ...(r.chance(0.6) ? { time: time(r) } : {}), exercises: [{ name: 'Agachamento', sets: 3, reps: 10 }] };
      }),
    };
  }
  if (r.chance(0.6)) {
    content.supplementation = {
      items: Array.from({ length: r.int(1, 4) }, (_, i) => {
        const times = [...new Set(Array.from({ length: r.int(1, 3) }, () => time(r)))];
        const days = someWeekdays(r);
        return { key: `x${i}`, name: `Suplemento ${i}`, dose: 5, unit: 'g', times, ...(r.chance(0.5) && days.length ? { weekdays: days } : {}) };
      }),
    };
  }
  if (r.chance(0.6) || Object.keys(content).length === 0) content.hydration = { dailyGoalMl: r.int(5, 40) * 100 };
  return v.parse(ProtocolContent, content);
}

export interface SeededPatient { professionalId: string; patientId: string; protocolId: string; userId: string }

/** A professional (with a login row) — or an existing one — and a patient with an active protocol at version 1. */
export async function seedPatientWithProtocol(db: Database, opts: { content: ProtocolContent; timezone?: string; professionalId?: string; now?: Date }): Promise<SeededPatient> {
  const professionalId = opts.professionalId ?? ids.newId();
  const userId = ids.newId();
  const patientId = ids.newId();
  const protocolId = ids.newId();
  const json = JSON.stringify(opts.content);
  await withSystemBypass(db, 'test seed: daily', async (tx) => {
    if (!opts.professionalId) {
      await tx.execute(sql`insert into professionals (id, name) values (${professionalId}, 'Tenant')`);
      await tx.execute(sql`insert into users (id, professional_id, role, email, email_normalized, password_hash)
        values (${userId}, ${professionalId}, 'professional', ${`${userId}@example.com`}, ${`${userId}@example.com`}, 'x')`);
    }
    await tx.execute(sql`insert into patients (id, professional_id, name, email, timezone)
      values (${patientId}, ${professionalId}, 'Paciente', ${`${patientId}@example.com`}, ${opts.timezone ?? 'America/Sao_Paulo'})`);
    await tx.execute(sql`insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
      values (${protocolId}, ${professionalId}, ${patientId}, 'Protocolo', 'active', ${json}::jsonb, 1, now())`);
    await tx.execute(sql`insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by)
      values (${ids.newId()}, ${professionalId}, ${protocolId}, 1, ${json}::jsonb, ${userId})`);
  });
  return { professionalId, patientId, protocolId, userId };
}

/** Writes version n+1 of the protocol and makes it current (what the protocol engine does on an edit). */
export async function addProtocolVersion(db: Database, p: SeededPatient, content: ProtocolContent): Promise<number> {
  const json = JSON.stringify(content);
  return withSystemBypass(db, 'test seed: new protocol version', async (tx) => {
    const [row] = rowsOf<{ v: number }>(await tx.execute(sql`update protocols set current_version = current_version + 1, content = ${json}::jsonb
      where id = ${p.protocolId} returning current_version as v`));
    const version = Number(row?.v);
    await tx.execute(sql`insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by)
      values (${ids.newId()}, ${p.professionalId}, ${p.protocolId}, ${version}, ${json}::jsonb, ${p.userId})`);
    return version;
  });
}

export interface TaskRow { id: string; task_date: string; task_key: string; kind: string; title: string; scheduled_time: string | null; target_ml: number | null; protocol_version: number; completed: boolean }

export async function tasksOf(db: Database, patientId: string): Promise<TaskRow[]> {
  return withSystemBypass(db, 'test read: daily tasks', async (tx) => rowsOf<TaskRow>(await tx.execute(sql`
    select t.id, t.task_date::text as task_date, t.task_key, t.kind, t.title, to_char(t.scheduled_time, 'HH24:MI') as scheduled_time,
      t.target_ml, t.protocol_version, (c.task_id is not null) as completed
    from daily_tasks t left join daily_task_completions c on c.task_id = t.id
    where t.patient_id = ${patientId} order by t.task_date, t.task_key`)));
}

/** An active protocol (version 1) for an existing patient. */
export async function addActiveProtocol(db: Database, p: { professionalId: string; patientId: string; createdBy: string; content: ProtocolContent }): Promise<SeededPatient> {
  const protocolId = ids.newId();
  const json = JSON.stringify(p.content);
  await withSystemBypass(db, 'test seed: active protocol', async (tx) => {
    await tx.execute(sql`insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
      values (${protocolId}, ${p.professionalId}, ${p.patientId}, 'Protocolo', 'active', ${json}::jsonb, 1, now())`);
    await tx.execute(sql`insert into protocol_versions (id, professional_id, protocol_id, version, content, created_by)
      values (${ids.newId()}, ${p.professionalId}, ${protocolId}, 1, ${json}::jsonb, ${p.createdBy})`);
  });
  return { professionalId: p.professionalId, patientId: p.patientId, protocolId, userId: p.createdBy };
}

export const FIXED_CONTENT: ProtocolContent = v.parse(ProtocolContent, {
  nutrition: { dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 }, meals: [
    { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [] },
    { key: 'almoco', name: 'Almoço', time: '12:30', items: [] },
  ] },
  training: { sessions: [{ key: 'a', name: 'Treino A', weekdays: ['sun', 'mon'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00'] }] },
  hydration: { dailyGoalMl: 2000 },
});
