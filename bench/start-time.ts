/**
 * `npm run bench:start`: how long `npm start` takes to answer, as a new user meets it (issue 14).
 *
 * Each round starts the real command (`npm start`, through npm and tsx) as its own process group, polls
 * `GET /health` every 10 ms until the first 200, then `GET /health/ready` (it pings the database, so it is
 * answered only once the database is open and fully migrated), then stops the group with SIGINT.
 *
 * - fresh: a new, empty DATA_DIR (no PGlite database, no mailbox, no dev key) and a new TMPDIR, so that tsx
 *   also starts with an empty transform cache: a fresh clone on a machine that never ran the project.
 * - warm: the same DATA_DIR and TMPDIR again (a restart).
 *
 * Wall time on a shared 2-core machine depends on what else runs, so each line also gives the CPU time the
 * process tree had used at that moment (from /proc) and the load average. Options (env): START_ROUNDS
 * (default 3: that many fresh starts, each followed by 2 warm restarts), START_PORT (default 7391).
 * Only 127.0.0.1 is contacted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.START_ROUNDS ?? 3);
const PORT = Number(process.env.START_PORT ?? 7391);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Sample { kind: 'fresh' | 'warm'; healthMs: number; readyMs: number; healthCpuMs: number; readyCpuMs: number; load: string }

/** utime + stime (ms) of a process and all its descendants. */
async function treeCpuMs(pid: number): Promise<number> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we read
    }
  }
  let ticks = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop() as number;
    ticks += stats.get(current)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === current) queue.push(child);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function firstOk(url: string, started: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    if ((await status(url)) === 200) return performance.now() - started;
    if (performance.now() - started > 180_000) throw new Error(`${url} did not answer 200 within 180 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** SIGINT to the process group this script started (npm, sh, tsx, node), then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // the group has already exited
    }
  };
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = running() ? new Promise((r) => child.once('exit', r)) : Promise.resolve();
  signal('SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (running()) signal('SIGKILL');
}

async function startOnce(kind: Sample['kind'], dataDir: string, tmpDir: string): Promise<Sample> {
  const base = `http://127.0.0.1:${PORT}`;
  if ((await status(`${base}/health`)) !== 0) throw new Error(`port ${PORT} is already in use (START_PORT)`);
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), TMPDIR: tmpDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
  });
  const pid = child.pid as number;
  try {
    const healthMs = await firstOk(`${base}/health`, started, child);
    const healthCpuMs = await treeCpuMs(pid);
    const readyMs = await firstOk(`${base}/health/ready`, started, child);
    const readyCpuMs = await treeCpuMs(pid);
    return { kind, healthMs, readyMs, healthCpuMs, readyCpuMs, load };
  } finally {
    await stopGroup(child);
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const samples: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kv-start-data-'));
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'kv-start-tmp-'));
    try {
      for (const kind of ['fresh', 'warm', 'warm'] as const) {
        const sample = await startOnce(kind, dataDir, tmpDir);
        samples.push(sample);
        console.error(`${kind.padEnd(5)} /health ${s(sample.healthMs)} s (cpu ${s(sample.healthCpuMs)} s)  /health/ready ${s(sample.readyMs)} s (cpu ${s(sample.readyCpuMs)} s)  load ${sample.load}`);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await rm(tmpDir, { recursive: true, force: true });
    }
  }
  console.log('| start | runs | first 200 on /health (median, max) | CPU used by then | /health/ready (median, max) | CPU used by then | 1-min load |');
  console.log('|---|---|---|---|---|---|---|');
  for (const kind of ['fresh', 'warm'] as const) {
    const xs = samples.filter((x) => x.kind === kind);
    const col = (f: (x: Sample) => number) => `${s(median(xs.map(f)))} s, ${s(Math.max(...xs.map(f)))} s`;
    console.log(`| ${kind} | ${xs.length} | ${col((x) => x.healthMs)} | ${s(median(xs.map((x) => x.healthCpuMs)))} s | ${col((x) => x.readyMs)} | ${s(median(xs.map((x) => x.readyCpuMs)))} s | ${xs.map((x) => x.load).join(', ')} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
