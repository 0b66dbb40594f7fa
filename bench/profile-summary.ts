/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by package/area, the top functions by
 * self time, and inclusive time of the functions that matter for a request. Used by `npm run bench --
 * --profile`; also runnable alone: `npx tsx bench/profile-summary.ts <file.cpuprofile>`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const m = /\/(packages\/[^/]+|functions|bench)\//.exec(url);
  return m?.[1] ?? url;
}

export async function summarizeProfile(file: string, top = 25): Promise<string> {
  const prof = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Self time per node from samples × deltas (more exact than hitCount × mean interval).
  const selfUs = new Map<number, number>();
  prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleIds = prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id);
  const idle = idleIds.reduce((a, id) => a + (selfUs.get(id) ?? 0), 0);
  const busy = total - idle;

  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  const area = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  for (const n of prof.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    if (!us || n.callFrame.functionName === '(idle)') continue;
    const a = areaOf(n.callFrame.url, n.callFrame.functionName);
    area.set(a, (area.get(a) ?? 0) + us);
    const k = `${label(n)}  [${a}]`;
    fnSelf.set(k, (fnSelf.get(k) ?? 0) + us);
  }

  // Inclusive time per area: a sample counts once for every area on its stack.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const areaIncl = new Map<string, number>();
  const stackAreas = new Map<number, Set<string>>();
  const areasOf = (id: number): Set<string> => {
    const cached = stackAreas.get(id);
    if (cached) return cached;
    const n = byId.get(id)!;
    const p = parent.get(id);
    const set = new Set(p !== undefined ? areasOf(p) : []);
    set.add(areaOf(n.callFrame.url, n.callFrame.functionName));
    stackAreas.set(id, set);
    return set;
  };
  for (const [id, us] of selfUs) {
    if (idleIds.includes(id)) continue;
    for (const a of areasOf(id)) areaIncl.set(a, (areaIncl.get(a) ?? 0) + us);
  }

  // Inclusive time per function (a sample counts once per distinct function on its stack), for the
  // frames that belong to the request path: our code and the libraries it calls.
  const interesting = /^(packages\/|functions|bench|drizzle-orm|postgres|jose|@azure\/functions|node:deps\/undici|node:async_hooks|node:webstreams)/;
  const fnIncl = new Map<string, number>();
  const stackFns = new Map<number, Set<string>>();
  const fnsOf = (id: number): Set<string> => {
    const cached = stackFns.get(id);
    if (cached) return cached;
    const n = byId.get(id)!;
    const p = parent.get(id);
    const set = new Set(p !== undefined ? fnsOf(p) : []);
    const a = areaOf(n.callFrame.url, n.callFrame.functionName);
    if (interesting.test(a)) set.add(`${label(n)}  [${a}]`);
    stackFns.set(id, set);
    return set;
  };
  for (const [id, us] of selfUs) {
    if (idleIds.includes(id)) continue;
    for (const f of fnsOf(id)) fnIncl.set(f, (fnIncl.get(f) ?? 0) + us);
  }

  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines: string[] = [];
  lines.push(`profile ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%), idle ${(idle / 1e6).toFixed(1)} s`);
  lines.push('', 'self time by area (share of busy):');
  for (const [a, us] of [...area].sort((x, y) => y[1] - x[1]).slice(0, 20)) lines.push(`  ${share(us)} ${ms(us)}  ${a}`);
  lines.push('', 'inclusive time by area (share of busy; a stack counts once per area on it):');
  for (const [a, us] of [...areaIncl].sort((x, y) => y[1] - x[1]).slice(0, 20)) lines.push(`  ${share(us)} ${ms(us)}  ${a}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, us] of [...fnSelf].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${share(us)} ${ms(us)}  ${k}`);
  lines.push('', `top ${top + 15} request-path functions by inclusive time:`);
  for (const [k, us] of [...fnIncl].sort((x, y) => y[1] - x[1]).slice(0, top + 15)) lines.push(`  ${share(us)} ${ms(us)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile>');
  console.log(await summarizeProfile(file));
}
