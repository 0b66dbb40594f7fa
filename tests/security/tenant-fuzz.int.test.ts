import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { isRealPostgres } from '../support/database.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, uniqueIp, type Professional } from '../support/factories.ts';
import { findDeniedFields } from '../support/response-schemas.ts';
import type { ApiResponse } from '../support/http-client.ts';
import { prng } from '../support/prng.ts';
import { BOLA_FORM_SCHEMA } from './bola-entries.ts';

/**
 * TEST-CATALOG 25: tenant-isolation fuzzing through the API. A seeded generator (FUZZ_SEED reproduces a run;
 * the seed is printed) drives P professionals × M patients through random operations: create, read, update,
 * delete and list patients, create + activate protocols, read protocols, submit check-ins, post and list
 * messages. Every id an operation names is drawn from all tenants, so about half the calls aim at another
 * tenant's object and must answer 404. One worker per tenant (its own seeded stream), so each tenant's
 * expected answers are deterministic while tenants interleave. Checked on every answer: the expected status,
 * and the deny-list scan fed with every other tenant's ids and names. Checked at the end over the rows: no
 * row references a patient or thread of another tenant, and each tenant's live patients are exactly the model's.
 */
const P = 4;
const M = 3;
const OPS = Number(process.env.FUZZ_OPS ?? (isRealPostgres() ? 10_000 : 1_200));
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Tenant {
  index: number;
  pro: Professional;
  actors: { patientId: string; token: string; checkinId: string; threadId: string }[];
  patients: Map<string, { name: string; alive: boolean }>;
  protocols: Map<string, string>; // protocol id → patient id
  threads: Map<string, string>; // thread id → patient id
  names: string[];
}

describe('tenant-isolation fuzzing through the API', () => {
  let h: TestHost;
  const tenants: Tenant[] = [];

  beforeAll(async () => {
    process.stdout.write(`tenant fuzz: FUZZ_SEED=${SEED} FUZZ_OPS=${OPS}\n`);
    h = await startTestHost();
    for (let t = 0; t < P; t++) {
      const name = `Profissional Fz${t}x${SEED}`;
      const pro = await createProfessional(h, { name });
      const auth = { token: pro.accessToken };
      const tenant: Tenant = { index: t, pro, actors: [], patients: new Map(), protocols: new Map(), threads: new Map(), names: [name] };
      const form = await h.api.post('/v1/checkin-forms', { name: 'Semanal', schema: BOLA_FORM_SCHEMA }, auth);
      for (let m = 0; m < M; m++) {
        const patientName = `Paciente Fz${t}a${m}x${SEED}`;
        const invited = await createInvitedPatient(h, pro.professionalId, { name: patientName });
        const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
        expect(accepted.status).toBe(201);
        const schedule = await h.api.put(`/v1/patients/${invited.patientId}/checkin-schedule`, { formId: form.body.id, cadence: 'weekly', dueTime: '09:00', graceHours: 24 }, auth);
        expect(schedule.status).toBe(201);
        const thread = await h.api.post('/v1/threads', { patientId: invited.patientId }, auth);
        tenant.actors.push({ patientId: invited.patientId, token: accepted.body.accessToken, checkinId: schedule.body.current.id, threadId: thread.body.id });
        tenant.patients.set(invited.patientId, { name: patientName, alive: true });
        tenant.threads.set(thread.body.id, invited.patientId);
        tenant.names.push(patientName);
      }
      tenants.push(tenant);
    }
  });
  afterAll(async () => { await h.stop(); });

  it(`when ${OPS} random operations run over ${P} tenants, then no answer and no row crosses a tenant`, async () => {
    const violations: string[] = [];
    const started = performance.now();
    let done = 0;
    await Promise.all(tenants.map(async (me) => {
      const rnd = prng(SEED + me.index);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const ip = uniqueIp();
      const headers = { 'x-forwarded-for': ip };
      const asPro = { token: me.pro.accessToken, headers };
      const others = () => tenants.filter((t) => t !== me);
      const secrets = () => others().flatMap((t) => [t.pro.professionalId, t.pro.userId, ...t.patients.keys(), ...t.protocols.keys(), ...t.threads.keys(), ...t.actors.map((a) => a.checkinId), ...t.names]);
      /** An id of mine or (about half the time) of another tenant. */
      const anyOf = (mine: string[], theirs: (t: Tenant) => string[]) => {
        const foreign = rnd() < 0.5;
        const pool = foreign ? others().flatMap(theirs) : mine;
        return pool.length === 0 ? { id: mine[0] ?? crypto.randomUUID(), foreign: false } : { id: pick(pool), foreign };
      };
      const check = (op: number, what: string, res: ApiResponse, expected: number[]) => {
        if (!expected.includes(res.status)) violations.push(`#${op} tenant ${me.index} ${what}: ${res.status}, expected ${expected.join('/')}`);
        const leaks = findDeniedFields(res.body, { foreignIds: secrets() });
        if (leaks.length > 0) violations.push(`#${op} tenant ${me.index} ${what}: another tenant's data at ${leaks.map((l) => `${l.pointer} (${l.reason})`).join(', ')}`);
      };
      const perTenant = Math.ceil(OPS / P);
      for (let op = 0; op < perTenant; op++) {
        const roll = rnd();
        const myPatients = [...me.patients].filter(([, p]) => p.alive).map(([id]) => id);
        const target = anyOf(myPatients, (t) => [...t.patients.keys()]);
        const expectOwn = (ok: number) => (target.foreign ? [404] : [ok]);
        if (roll < 0.12) {
          const name = `Paciente Fz${me.index}n${op}x${SEED}`;
          const res = await h.api.post('/v1/patients', { name }, asPro);
          check(op, 'create patient', res, [201]);
          if (res.status === 201) { me.patients.set(res.body.id, { name, alive: true }); me.names.push(name); }
        } else if (roll < 0.27) {
          check(op, 'read patient', await h.api.get(`/v1/patients/${target.id}`, asPro), expectOwn(200));
        } else if (roll < 0.37) {
          check(op, 'update patient', await h.api.patch(`/v1/patients/${target.id}`, { notes: `nota ${op}` }, { ...asPro, headers: { ...headers, 'if-match': '*' } }), expectOwn(200));
        } else if (roll < 0.42) {
          // The patients who act (tokens, check-ins) stay; deleting one of mine means one of the others.
          if (!target.foreign && me.actors.some((a) => a.patientId === target.id)) { done += 1; continue; }
          const res = await h.api.delete(`/v1/patients/${target.id}`, asPro);
          check(op, 'delete patient', res, expectOwn(204));
          if (res.status === 204 && !target.foreign) me.patients.get(target.id)!.alive = false;
        } else if (roll < 0.52) {
          const res = await h.api.get('/v1/patients?limit=100', asPro);
          check(op, 'list patients', res, [200]);
          for (const item of (res.body?.items ?? []) as { id: string }[]) if (!me.patients.get(item.id)?.alive) violations.push(`#${op} tenant ${me.index} list patients: ${item.id} is not mine or not alive`);
        } else if (roll < 0.62) {
          const res = await h.api.post(`/v1/patients/${target.id}/protocols`, { name: `Plano ${op}`, content: { hydration: { dailyGoalMl: 1500 + op } } }, asPro);
          check(op, 'create protocol', res, expectOwn(201));
          if (res.status === 201) {
            me.protocols.set(res.body.id, target.id);
            check(op, 'activate protocol', await h.api.post(`/v1/protocols/${res.body.id}/activate`, undefined, asPro), [200]);
          }
        } else if (roll < 0.70) {
          const protocol = anyOf([...me.protocols.keys()], (t) => [...t.protocols.keys()]);
          const own = !protocol.foreign && me.protocols.has(protocol.id);
          const res = await h.api.get(`/v1/protocols/${protocol.id}`, asPro);
          // A protocol of a deleted patient may be gone with it: 404 is then right too.
          check(op, 'read protocol', res, own ? (me.patients.get(me.protocols.get(protocol.id)!)?.alive ? [200] : [200, 404]) : [404]);
        } else if (roll < 0.78 && me.actors.length > 0) {
          const actor = pick(me.actors);
          const checkin = anyOf(me.actors.map((a) => a.checkinId), (t) => t.actors.map((a) => a.checkinId));
          const mineToo = !checkin.foreign && checkin.id === actor.checkinId;
          const res = await h.api.post(`/v1/checkins/${checkin.id}/submit`, { formContentVersion: 1, answers: { peso: 70 + (op % 30) } }, { token: actor.token, headers });
          // Mine: accepted once open, else refused as not open or already answered; anyone else's: 404.
          check(op, 'submit check-in', res, mineToo ? [200, 409, 422] : [404]);
        } else if (roll < 0.90) {
          const usePatient = rnd() < 0.4 && me.actors.length > 0;
          const actor = usePatient ? pick(me.actors) : null;
          const thread = actor ? anyOf([actor.threadId], (t) => [...t.threads.keys()]) : anyOf([...me.threads.keys()], (t) => [...t.threads.keys()]);
          const alive = !thread.foreign && me.patients.get(me.threads.get(thread.id) ?? '')?.alive;
          const res = await h.api.post(`/v1/threads/${thread.id}/messages`, { body: `Mensagem ${op}` }, { token: actor?.token ?? me.pro.accessToken, headers });
          check(op, actor ? 'patient message' : 'professional message', res, thread.foreign ? [404] : alive ? [201] : [201, 404]);
        } else {
          const actor = rnd() < 0.4 && me.actors.length > 0 ? pick(me.actors) : null;
          const res = await h.api.get('/v1/threads?limit=100', { token: actor?.token ?? me.pro.accessToken, headers });
          check(op, 'list threads', res, [200]);
          for (const item of (res.body?.items ?? []) as { id: string; patientId: string }[]) {
            if (!me.patients.has(item.patientId) || (actor && item.patientId !== actor.patientId)) violations.push(`#${op} tenant ${me.index} list threads: thread ${item.id} of patient ${item.patientId} is not the caller's`);
          }
        }
        done += 1;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`tenant fuzz: ${done} operations in ${seconds.toFixed(1)} s (FUZZ_SEED=${SEED})\n`);
    expect(done).toBeGreaterThanOrEqual(OPS);
    expect(violations.slice(0, 20), `FUZZ_SEED=${SEED}: ${violations.length} violations`).toEqual([]);
    expect(await rowViolations(h, tenants)).toEqual([]);
  }, 900_000);
});

/** Over the rows: references stay inside a tenant, and each tenant's live patients are the model's. */
async function rowViolations(h: TestHost, tenants: Tenant[]): Promise<string[]> {
  return withSystemBypass(h.db, 'test: tenant fuzz rows', async (tx) => {
    const found: string[] = [];
    const withPatient = rowsOf<{ table_name: string }>(await tx.execute(sql`
      select c.table_name from information_schema.columns c join information_schema.columns d on d.table_name = c.table_name and d.table_schema = c.table_schema
      join pg_class k on k.relname = c.table_name
      where c.table_schema = 'public' and c.column_name = 'professional_id' and d.column_name = 'patient_id' and c.table_name <> 'patients'
        and not k.relispartition and k.relkind in ('r', 'p')`));
    for (const { table_name } of withPatient) {
      const [row] = rowsOf<{ n: number }>(await tx.execute(sql`
        select count(*)::int as n from ${sql.identifier(table_name)} x join patients p on p.id = x.patient_id where p.professional_id <> x.professional_id`));
      if ((row?.n ?? 0) > 0) found.push(`${table_name}: ${row?.n} rows whose patient is another tenant's`);
    }
    const [messages] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from messages m join threads t on t.id = m.thread_id where t.professional_id <> m.professional_id`));
    if ((messages?.n ?? 0) > 0) found.push(`messages: ${messages?.n} rows in another tenant's thread`);
    for (const t of tenants) {
      const live = rowsOf<{ id: string }>(await tx.execute(sql`select id from patients where professional_id = ${t.pro.professionalId} and deleted_at is null`)).map((r) => r.id).sort();
      const model = [...t.patients].filter(([, p]) => p.alive).map(([id]) => id).sort();
      if (JSON.stringify(live) !== JSON.stringify(model)) found.push(`tenant ${t.index}: live patients differ from the model (${live.length} rows, ${model.length} expected)`);
    }
    return found;
  });
}
