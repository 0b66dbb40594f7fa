/**
 * Issue 9's mixed scenario: the traffic a practice's day produces, on the issue 3 world (bench/issue3.ts: the
 * professional with 2,000 patients among ~102,000, 50 patients with logins and active protocols).
 *
 * Reads 80 %: the CRM list (first page, filters), a patient's detail, the patient's day, the professional's
 * inbox and a thread's messages. Writes 20 %: a task completion (or its undo, so every request is valid
 * again), a water log, and a message. Each request picks its kind from a fixed deterministic sequence, so two
 * runs send the same mix. `npm run bench -- mixed` runs it at BENCH_MIXED_RATE (default 300) req/s for
 * BENCH_MIXED_DURATION (default 60) s. Not in the mix yet: check-in submits (one open check-in per patient a
 * week: a 60 s run would need thousands of open check-ins).
 */
import type { Options } from 'autocannon';
import { call, must, pool } from './http-seed.ts';
import type { Issue3World } from './issue3.ts';

export interface MixedWorld {
  /** One thread per login patient, opened by the professional. */
  threads: string[];
  /** Today's first tasks of each login patient, with whether it is completed now. */
  tasks: Array<{ patient: number; taskId: string; done: boolean; busy: boolean }>;
}

export async function seedMixed(baseUrl: string, world: Issue3World): Promise<MixedWorld> {
  const proAuth = () => ({ authorization: `Bearer ${world.pro.accessToken}` });
  const threads: string[] = [];
  const tasks: MixedWorld['tasks'] = [];
  await pool(world.patients.map((p, i) => ({ p, i })), 4, async ({ p, i }) => {
    const existing = await call('GET', `${baseUrl}/v1/threads?patientId=${p.patientId}`, undefined, proAuth());
    const found = (existing.body?.items as Array<{ id: string; patientId?: string }> | undefined)?.find((t) => t.patientId === p.patientId);
    threads[i] = found?.id ?? (must('open thread', await call('POST', `${baseUrl}/v1/threads`, { patientId: p.patientId }, proAuth()), 201).id as string);
    const day = must('my day', await call('GET', `${baseUrl}/v1/me/daily`, undefined, { authorization: `Bearer ${p.accessToken}` }), 200);
    for (const t of (day.tasks as Array<{ id: string; completed?: boolean; completion?: unknown; kind: string }>).filter((x) => x.kind !== 'hydration').slice(0, 3)) {
      tasks.push({ patient: i, taskId: t.id, done: Boolean(t.completed ?? t.completion), busy: false });
    }
  });
  return { threads, tasks };
}

type Kind = 'crm' | 'detail' | 'day' | 'inbox' | 'messages' | 'complete' | 'water' | 'message';
/** Out of 20 requests: 16 reads, 4 writes. */
const MIX: Kind[] = ['crm', 'day', 'detail', 'messages', 'complete', 'crm', 'day', 'inbox', 'water', 'detail', 'day', 'messages', 'crm', 'message', 'day', 'inbox', 'complete', 'detail', 'messages', 'water'];
export const MIXED_SHARES = Object.fromEntries([...new Set(MIX)].map((k) => [k, MIX.filter((x) => x === k).length / MIX.length]));

interface Req { method: string; path: string; headers: Record<string, string>; body?: string }

/** The autocannon options of the mixed scenario, plus counters of what it sent. */
export function mixedRequests(world: Issue3World, mixed: MixedWorld, listPath: string) {
  let n = 0;
  const sent: Record<string, number> = {};
  const json = { 'content-type': 'application/json' };
  const pro = () => ({ authorization: `Bearer ${world.pro.accessToken}` });
  const patient = (i: number) => ({ authorization: `Bearer ${world.patients[i % world.patients.length]!.accessToken}` });
  // Which request a connection has in flight, so its task goes back to the pool on the answer.
  const pending = new Map<unknown, MixedWorld['tasks'][number]>();

  const pick = (client: unknown): Req => {
    const i = n++;
    let kind = MIX[i % MIX.length]!;
    const p = Math.floor(i / MIX.length) % world.patients.length;
    if (kind === 'complete') {
      const task = mixed.tasks.find((t) => !t.busy && t.patient % 2 === i % 2) ?? mixed.tasks.find((t) => !t.busy);
      if (task) {
        task.busy = true;
        pending.set(client, task);
        sent[task.done ? 'undo' : 'complete'] = (sent[task.done ? 'undo' : 'complete'] ?? 0) + 1;
        return { method: task.done ? 'DELETE' : 'POST', path: `/v1/daily-tasks/${task.taskId}/completion`, headers: patient(task.patient) };
      }
      kind = 'water';
    }
    sent[kind] = (sent[kind] ?? 0) + 1;
    switch (kind) {
      case 'crm': return { method: 'GET', path: listPath, headers: pro() };
      case 'detail': return { method: 'GET', path: `/v1/patients/${world.patients[p]!.patientId}`, headers: pro() };
      case 'day': return { method: 'GET', path: '/v1/me/daily', headers: patient(p) };
      case 'inbox': return { method: 'GET', path: '/v1/threads?limit=20', headers: pro() };
      case 'messages': return { method: 'GET', path: `/v1/threads/${mixed.threads[p]}/messages?limit=30`, headers: i % 2 ? pro() : patient(p) };
      case 'water': return { method: 'POST', path: '/v1/me/water-intake', headers: { ...patient(p), ...json }, body: JSON.stringify({ amountMl: 250 }) };
      default: return { method: 'POST', path: `/v1/threads/${mixed.threads[p]}/messages`, headers: { ...pro(), ...json }, body: JSON.stringify({ body: `Como foi o dia ${i}?` }) };
    }
  };

  const options: Partial<Options> = {
    requests: [{
      method: 'GET',
      path: listPath,
      setupRequest: (req, context) => ({ ...req, ...pick(context) }) as never,
      onResponse: (status, _body, context) => {
        const task = pending.get(context);
        if (!task) return;
        pending.delete(context);
        task.busy = false;
        if (status < 300) task.done = !task.done;
      },
    }],
  };
  return { options, sent };
}
