import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../support/global-setup.ts';

/**
 * The README's "Your first five minutes" runs as written: every bash block between its walkthrough markers,
 * in order, in one bash (`set -euo pipefail`), against a real `npm start` on a fresh database, started just
 * before (the script begins as soon as GET /health answers, while the database may still be migrating).
 * When the API changes, this file and the README change together.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const README_URL = 'http://localhost:7071';
const BLOCK = '::readme-block::';
const VARS = '::readme-vars::';

const hasCurl = spawnSync('curl', ['--version']).status === 0;
const missing = hasCurl ? null : 'curl is not installed: the README walkthrough runs its curl commands';
if (missing && process.env.CI) throw new Error(`${missing} (CI must have it)`);
if (missing) console.error(`tests/readme skipped: ${missing}`);

/** The bash blocks between `<!-- readme-walkthrough:start` and `<!-- readme-walkthrough:end -->`. */
function walkthroughBlocks(readme: string): string[] {
  const start = readme.indexOf('<!-- readme-walkthrough:start');
  const end = readme.indexOf('<!-- readme-walkthrough:end -->');
  if (start < 0 || end < start) throw new Error('README.md: the walkthrough markers are missing');
  return [...readme.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

interface Backend { url: string; child: ChildProcess; output: () => string }

/** `npm start` as a user runs it, on its own port, data folder and (with DATABASE_URL) its own database. */
async function startBackend(env: Record<string, string>): Promise<Backend> {
  const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' } });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Listening on (http:\/\/localhost:\d+)/.exec(output);
      if (m?.[1]) { clearInterval(timer); resolve(m[1]); }
      if (child.exitCode !== null || child.signalCode !== null) { clearInterval(timer); reject(new Error(`npm start exited:\n${output}`)); }
    }, 20);
  });
  return { url, child, output: () => output };
}

/** SIGINT to the process group it started (npm, sh, tsx, node); SIGKILL if it lingers. */
async function stopBackend(child: ChildProcess): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals) => { try { process.kill(-(child.pid ?? 0), name); } catch { /* already gone */ } };
  if (!running() || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  signal('SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (running()) signal('SIGKILL');
}

function runBash(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const bash = spawn('bash', ['-c', `set -euo pipefail\n${script}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    bash.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    bash.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => bash.kill('SIGKILL'), timeoutMs);
    bash.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe.skipIf(missing !== null)('README: your first five minutes', () => {
  let dataDir = '';
  let database: { admin: postgres.Sql; name: string } | null = null;
  let backend: Backend | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kv-readme-'));
    let databaseUrl = '';
    if (inject('dbMode') === 'postgres') {
      // Its own database: its outbox relay and queue worker must not take other test files' messages.
      const name = `kv_readme_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => undefined });
      await admin.unsafe(`CREATE DATABASE ${name}`);
      database = { admin, name };
      databaseUrl = withDatabase(inject('adminDatabaseUrl'), name);
    }
    backend = await startBackend({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, APP_ENV: 'local' });
  }, 120_000);

  afterAll(async () => {
    if (backend) await stopBackend(backend.child);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (database) {
      await database.admin.unsafe(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
      await database.admin.end();
    }
  }, 60_000);

  it('when its blocks run in order against a fresh npm start, then the professional, the patient, the invite and the day all work', async () => {
    const url = backend!.url;
    for (let i = 0; ; i++) {
      const res = await fetch(`${url}/health`).catch(() => null);
      if (res?.status === 200) break;
      if (i > 600) throw new Error('GET /health never answered 200');
      await new Promise((r) => setTimeout(r, 50));
    }

    const blocks = walkthroughBlocks(await readFile(path.join(ROOT, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(blocks[0]).toContain(`API=${README_URL}`);
    const script = [
      ...blocks.map((b) => `echo '${BLOCK}'\n${b.replaceAll(README_URL, url)}`),
      `echo '${BLOCK}'`,
      `printf '${VARS}%s %s %s\\n' "$PRO" "$PATIENT" "$PAT"`,
    ].join('\n');
    const run = await runBash(script, 150_000);
    expect({ code: run.code, stderr: run.stderr }, `${run.stdout}\n--- npm start said:\n${backend!.output()}`).toEqual({ code: 0, stderr: '' });

    const outputs = run.stdout.split(`${BLOCK}\n`).slice(1).map((o) => o.trim());
    const [helpers, signUp, protocol, invite, day] = outputs;
    expect(helpers).toBe('');
    expect(JSON.parse(signUp ?? '')).toEqual({ userId: expect.any(String), professionalId: expect.any(String) });
    expect(protocol).toBe('active');
    const [queued, tokenLine] = (invite ?? '').split('\n');
    expect(queued).toBe('queued');
    expect(tokenLine).toMatch(/^invite token: iv_[A-Za-z0-9_-]+$/);
    const today = JSON.parse(day ?? '') as { tasks: { kind: string; title: string }[]; hydration: { goalMl: number | null } };
    expect(today.tasks.filter((t) => t.kind === 'meal').map((t) => t.title)).toEqual(['Café da manhã']);
    expect(today.hydration.goalMl).toBe(2000);

    // What the shell kept, checked with plain fetch: the patient's token is the invited patient's.
    const [pro, patientId, patientToken] = (/::readme-vars::(\S+) (\S+) (\S+)/.exec(run.stdout) ?? []).slice(1);
    const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${patientToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { role: 'patient' }, patient: { id: patientId, name: 'João da Silva' } });
    const mail = await (await fetch(`${url}/dev/mailbox?to=joao@paciente.example`)).json() as { items: { kind: string; link: string; token: string }[] };
    expect(mail.items[0]).toMatchObject({ kind: 'patient_invite', token: tokenLine?.split(': ')[1], link: expect.stringContaining('/convite?token=') });
    const patients = await fetch(`${url}/v1/patients`, { headers: { authorization: `Bearer ${pro}` } });
    expect(((await patients.json()) as { items: { id: string; hasLogin: boolean }[] }).items).toEqual([expect.objectContaining({ id: patientId, hasLogin: true })]);
  }, 240_000);
});
