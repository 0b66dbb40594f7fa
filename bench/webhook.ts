/**
 * `npm run bench:webhook` (issue 11, ADR 0018): the billing webhook's ingestion under Stripe-like load.
 *
 * - A scratch database (migrated), BENCH_WH_PRACTICES practices (default 200) with a provider customer each.
 * - The real local host in a child process (bench/app-server.ts: every function, no background workers), so the
 *   client's pacing and the server do not share an event loop.
 * - BENCH_WH_RATE signed events per second (default 500) for BENCH_WH_SECONDS (default 20), open loop: request i is
 *   DUE at start + i / rate and sent then whatever the earlier ones are doing; its latency is measured from its due
 *   time to the end of its response (no coordinated omission: a stall shows in every request due during it).
 *   Events are Stripe-shaped (`customer.subscription.updated` snapshots with rising `created`, `invoice.paid`,
 *   `invoice.payment_failed`), each signed like Stripe (HMAC-SHA256 of `t.body`); BENCH_WH_DUPLICATE_PCT % (default 2)
 *   are re-sends of an earlier event (Stripe retries), which must answer `duplicate: true`.
 * - After the run the bench relays the outbox and drains the critical queue in this process (the real consumer),
 *   then checks: every distinct event stored once with one outbox row, every one applied once (one consumer-inbox row,
 *   applied_at set), no event lost, and each practice's subscription equal to its newest snapshot.
 *
 * The host's CPU per accepted event (its process's user + system time over the measured phase, from /proc) is
 * printed too: on a shared machine it says what one free core would sustain when the wall-clock figures cannot.
 *
 * Target: 500 events/s accepted with p99 < 50 ms, none lost, none applied twice. Prints one JSON line of results.
 */
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { migrate, openDatabase, rowsOf, tables, withSystemBypass } from '@korevitta/db';
import {
  BILLING_EVENT_RECEIVED, createRuntime, generateSigningKeysJson, LOCAL_BILLING_WEBHOOK_SECRET, loadConfig, relayOutbox, setRuntime, signatureHeader, startLocalQueueWorker,
  type QueueFunctionDefinition,
} from '@korevitta/platform';
import { allFunctions } from '../functions/index.ts';
import { openScratchDatabase } from './scratch-db.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RATE = num('BENCH_WH_RATE', 500);
const SECONDS = num('BENCH_WH_SECONDS', 20);
const PRACTICES = num('BENCH_WH_PRACTICES', 200);
const DUPLICATE_PCT = num('BENCH_WH_DUPLICATE_PCT', 2);
const WARM_SECONDS = num('BENCH_WH_WARM_SECONDS', 3);
const PRICE_PRO = 'price_local_pro';
const DAY_S = 86_400;

interface Practice { professionalId: string; customerId: string; subscriptionId: string }
interface Planned { id: string; text: string; practice: number; duplicate: boolean }

/** The events of the run, in send order: per practice, rising `created`; a few re-sends of earlier events. */
function planEvents(practices: Practice[], total: number, startS: number): { events: Planned[]; newest: Map<string, string> } {
  const events: Planned[] = [];
  const newest = new Map<string, string>();
  const statuses = ['active', 'past_due', 'active', 'trialing'];
  for (let i = 0; i < total; i++) {
    if (i > 10 && (i * 7919) % 100 < DUPLICATE_PCT) {
      const earlier = events[(i * 104_729) % events.length]!;
      events.push({ ...earlier, duplicate: true });
      continue;
    }
    const p = i % practices.length;
    const { professionalId, customerId, subscriptionId } = practices[p]!;
    const created = startS + i; // unique and rising per practice: order safety has one answer to check against
    const kind = (i + Math.floor(i / practices.length)) % 5; // every practice gets every kind
    const object = kind < 3
      ? {
        id: subscriptionId, object: 'subscription', customer: customerId, status: statuses[(i / practices.length) % statuses.length | 0], metadata: { professionalId },
        items: { object: 'list', data: [{ id: `si_${subscriptionId}`, price: { id: PRICE_PRO }, current_period_start: created, current_period_end: created + 30 * DAY_S }] },
      }
      : {
        id: `in_${randomUUID().slice(0, 12)}`, object: 'invoice', customer: customerId,
        parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId } }, lines: { data: [{ period: { start: created, end: created + 30 * DAY_S } }] },
      };
    const type = kind < 3 ? 'customer.subscription.updated' : kind === 3 ? 'invoice.paid' : 'invoice.payment_failed';
    const id = `evt_bench_${randomUUID().replaceAll('-', '')}`;
    // The expected end state: the newest snapshot, unless an invoice event is newer still (then not checked).
    if (kind < 3) newest.set(professionalId, (object as { status: string }).status);
    else newest.delete(professionalId);
    events.push({ id, practice: p, duplicate: false, text: JSON.stringify({ id, object: 'event', api_version: '2026-10-28.endive', created, livemode: false, pending_webhooks: 1, type, data: { object } }) });
  }
  return { events, newest };
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const scratch = await openScratchDatabase('bench_webhook', { adminUrl: ADMIN_URL });
  const children: { kill(): void }[] = [];
  try {
    await migrate(scratch.db.migrationTarget);
    console.error(`database ${scratch.name} migrated`);
    // Practices with a provider customer and subscription, as after a checkout.
    const practices: Practice[] = Array.from({ length: PRACTICES }, (_, i) => ({ professionalId: randomUUID(), customerId: `cus_bench_${i}`, subscriptionId: `sub_bench_${i}` }));
    const now = new Date();
    await withSystemBypass(scratch.db, 'bench: practices', async (tx) => {
      await tx.execute(sql`insert into professionals (id, name, created_at, updated_at)
        select (p->>'id')::uuid, 'Bench ' || ord, now(), now() from jsonb_array_elements(${JSON.stringify(practices.map((p) => ({ id: p.professionalId })))}::jsonb) with ordinality as t(p, ord)`);
      await tx.insert(tables.subscriptions).values(practices.map((p) => ({ professionalId: p.professionalId, providerCustomerId: p.customerId, providerSubscriptionId: p.subscriptionId, createdAt: now, updatedAt: now })));
    });
    // A database in service is not minutes old: without this, autovacuum's first visit to the new database
    // (its catalogs after ~100 migrations, then the seeded tables) lands in the measured run. BENCH_WH_FRESH=1 skips it.
    if (!process.env.BENCH_WH_FRESH) {
      const admin = postgres(scratch.url, { max: 1, onnotice: () => undefined });
      await admin.unsafe('vacuum analyze');
      await admin.end();
    }

    const keys = await generateSigningKeysJson('bench-webhook');
    const env = { BENCH_DATABASE_URL: scratch.url, BENCH_JWT_PRIVATE_KEYS: keys, BENCH_JWT_ISSUER: 'https://auth.korevitta.test', BENCH_JWT_AUDIENCE: 'korevitta-api', BENCH_POOL_MAX: process.env.BENCH_POOL_MAX ?? '10' };
    const profileDir = process.env.BENCH_WH_PROFILE; // a folder: the host runs under --cpu-prof and writes its profile there on stop
    const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
    const proc = fork(path.join(here, 'app-server.ts'), [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push({ kill: () => { if (profileDir) proc.send('stop'); else proc.kill(); } });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('app did not start in 180 s')), 180_000);
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`app exited with ${code}`)); });
      proc.on('message', (m: { type?: string; url?: string }) => { if (m?.type === 'ready' && m.url) { clearTimeout(timer); resolve(m.url); } });
    });
    console.error(`app at ${url}`);
    const target = new URL('/v1/webhooks/billing', url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const post = (text: string, t: number) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = Buffer.from(text);
      const req = http.request(target, {
        method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'stripe-signature': signatureHeader(LOCAL_BILLING_WEBHOOK_SECRET, t, body) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });

    // Warm-up (the pool's connections opened and their statements prepared, JIT): BENCH_WH_WARM_SECONDS (default
    // 3) at the measured rate, not measured, then checked with the rest. The first seconds of a cold instance
    // are slower (printed as coldWorstMsBySecond): postgres.js opens its connections as the load asks for them.
    const startS = Math.floor(Date.now() / 1000) - 3600;
    const total = RATE * SECONDS;
    const warmCount = RATE * WARM_SECONDS;
    const { events, newest } = planEvents(practices, total + warmCount, startS);
    const warm = events.slice(0, warmCount);
    const measured = events.slice(warmCount);
    const interval = 1000 / RATE;
    /**
     * Open loop: request i is due at start + i × interval. Pacing without spinning: wake on a timer and send
     * every request already due. A late wake-up counts against the server (latency runs from the due time);
     * a spinning client would take CPU the server needs on a 2-core machine.
     */
    const paced = async (list: Planned[], onDone: (e: Planned, due: number, second: number, res: { status: number; body: string } | null) => void) => {
      const start = performance.now() + 50;
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < list.length;) {
        const now = performance.now();
        while (i < list.length && start + i * interval <= now) {
          const e = list[i]!;
          const due = start + i * interval;
          const second = Math.floor((i * interval) / 1000);
          inflight.push(post(e.text, Math.floor(Date.now() / 1000)).then((res) => onDone(e, due, second, res), () => onDone(e, due, second, null)));
          i += 1;
        }
        if (i < list.length) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
      }
      await Promise.all(inflight);
      return start;
    };
    const coldWorst: number[] = [];
    await paced(warm, (_e, due, second) => {
      coldWorst[second] = Math.max(coldWorst[second] ?? 0, Math.round(performance.now() - due));
    });
    await new Promise((r) => setTimeout(r, 1000));

    console.error('warmed up; measuring');
    const load = os.loadavg();
    const cpuBefore = cpuSecondsOf(proc.pid);
    const latencies: number[] = [];
    const worstBySecond: number[] = []; // the slowest request due in each second of the run: when a stall happened
    const statuses = new Map<number, number>();
    let duplicatesAnswered = 0;
    let wrongDuplicate = 0;
    const start = await paced(measured, (e, due, second, res) => {
      if (!res) {
        statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
        return;
      }
      const ms = performance.now() - due;
      latencies.push(ms);
      worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, Math.round(ms));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const duplicate = res.status === 200 && (JSON.parse(res.body) as { duplicate?: boolean }).duplicate === true;
      if (duplicate) duplicatesAnswered += 1;
      if (duplicate !== e.duplicate && !e.duplicate) wrongDuplicate += 1;
    });
    const wallS = (performance.now() - start) / 1000;
    const serverCpuS = cpuSecondsOf(proc.pid) - cpuBefore;
    agent.destroy();
    const loadAfter = os.loadavg();

    console.error(`sent in ${wallS.toFixed(1)} s; applying`);
    // Apply everything with the real relay and consumer, here, then check.
    const config = loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: scratch.url, JWT_PRIVATE_KEYS: keys, JWT_ISSUER: 'https://auth.korevitta.test', JWT_AUDIENCE: 'korevitta-api', CORS_ALLOWED_ORIGINS: 'https://app.korevitta.test' });
    const appDb = await openDatabase({ url: scratch.url, poolMax: 10 });
    const rt = await createRuntime(config, { db: appDb });
    const unset = setRuntime(rt); // the queue handlers resolve the runtime as the local host installs it
    const applyStarted = performance.now();
    const worker = startLocalQueueWorker({ queue: rt.localQueue!, functions: allFunctions.filter((f): f is QueueFunctionDefinition => f.kind === 'queue'), rt, poll: false, batchSize: 50 });
    for (;;) {
      const r = await relayOutbox({ db: appDb, sender: rt.queue, now: new Date(), onlyTypes: [BILLING_EVENT_RECEIVED], batchSize: 500 });
      await worker.drain();
      if (r.claimed === 0) break;
    }
    await worker.stop();
    unset();
    const applyS = (performance.now() - applyStarted) / 1000;

    const distinct = new Set(events.filter((e) => !e.duplicate).map((e) => e.id));
    const [check] = await withSystemBypass(scratch.db, 'bench: check', async (tx) => rowsOf<Record<string, number>>(await tx.execute(sql`
      select
        (select count(*)::int from billing_events) as stored,
        (select count(distinct provider_event_id)::int from billing_events) as distinct_stored,
        (select count(*)::int from billing_events where applied_at is null) as unapplied,
        (select count(*)::int from event_outbox where type = ${BILLING_EVENT_RECEIVED}) as outbox_rows,
        (select count(distinct message_id)::int from event_outbox where type = ${BILLING_EVENT_RECEIVED}) as outbox_distinct,
        (select count(*)::int from processed_messages where consumer = 'apply-billing-event') as applied_once_rows`)));
    const finals = await withSystemBypass(scratch.db, 'bench: finals', (tx) => tx.select({ professionalId: tables.subscriptions.professionalId, status: tables.subscriptions.status }).from(tables.subscriptions));
    const wrongFinal = finals.filter((f) => newest.has(f.professionalId) && newest.get(f.professionalId) !== f.status).length;
    latencies.sort((a, b) => a - b);
    const result = {
      at: new Date().toISOString(), rate: RATE, seconds: SECONDS, sent: measured.length, wallS: Number(wallS.toFixed(2)), achievedRate: Math.round(measured.length / wallS),
      statuses: Object.fromEntries(statuses), latencyMs: {
        p50: Number(percentile(latencies, 50).toFixed(1)), p90: Number(percentile(latencies, 90).toFixed(1)), p99: Number(percentile(latencies, 99).toFixed(1)),
        p999: Number(percentile(latencies, 99.9).toFixed(1)), max: Number((latencies.at(-1) ?? NaN).toFixed(1)),
      },
      worstMsBySecond: worstBySecond, coldWorstMsBySecond: coldWorst, duplicatesSent: measured.filter((e) => e.duplicate).length, duplicatesAnswered, wrongDuplicateAnswers: wrongDuplicate,
      distinctEvents: distinct.size, ...check, lost: distinct.size - (check?.distinct_stored ?? 0), appliedTwice: (check?.applied_once_rows ?? 0) - (check?.distinct_stored ?? 0),
      wrongFinalStates: wrongFinal, serverCpuMsPerEvent: Number(((serverCpuS * 1000) / measured.length).toFixed(2)), applyS: Number(applyS.toFixed(1)), loadavgBefore: load.map((l) => Number(l.toFixed(2))), loadavgAfter: loadAfter.map((l) => Number(l.toFixed(2))), cpus: os.cpus().length,
    };
    console.log(JSON.stringify(result));
    await rt.close();
    await appDb.close();
  } finally {
    for (const c of children) c.kill();
    await scratch.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
