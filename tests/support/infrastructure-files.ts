import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Reading the infrastructure as text, for the static checks of tests/static/gateway.test.ts and
 * tests/static/infrastructure.test.ts. No Bicep CLI exists on this kind of machine (ci.yml compiles the
 * files on GitHub), so these helpers only find declarations; they do not evaluate Bicep.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..');

export const readRepoFile = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

/** Every file under `dir` (relative to the repository) whose name ends with one of `extensions`. */
export function repoFiles(dir: string, extensions: string[]): string[] {
  const walk = (abs: string): string[] =>
    readdirSync(abs).flatMap((name) => {
      const full = path.join(abs, name);
      return statSync(full).isDirectory() ? walk(full) : extensions.some((e) => name.endsWith(e)) ? [path.relative(ROOT, full)] : [];
    });
  return walk(path.join(ROOT, dir)).sort();
}

/** Bicep without `//` and `/* *\/` comments (quotes respected, so URLs in strings survive). */
export function bicepCode(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      out += c;
      if (c === '\\') { out += text[i + 1] ?? ''; i += 1; } else if (c === "'") quoted = false;
      continue;
    }
    if (c === "'") { quoted = true; out += c; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < text.length && text[i] !== '\n') i += 1; out += '\n'; continue; }
    if (c === '/' && text[i + 1] === '*') { const end = text.indexOf('*/', i + 2); i = end < 0 ? text.length : end + 1; continue; }
    out += c;
  }
  return out;
}

/** The default of `param <name> <type> = <default>` in a Bicep file, as written (null when there is none). */
export function paramDefault(bicep: string, name: string): string | null {
  return new RegExp(`^param ${name} \\S+ = (.+)$`, 'm').exec(bicepCode(bicep))?.[1]?.trim() ?? null;
}

/** The value of `param <name> = <value>` in a .bicepparam file, as written (single-line values only). */
export function paramValue(bicepparam: string, name: string): string | null {
  return new RegExp(`^param ${name} = (.+)$`, 'm').exec(bicepCode(bicepparam))?.[1]?.trim() ?? null;
}

/** The text of a declaration (`var x = [`, `resource y '...' = {`, ...) up to its balancing bracket. */
export function bicepBlock(bicep: string, declaration: RegExp): string {
  const code = bicepCode(bicep);
  const match = declaration.exec(code);
  if (!match) return '';
  let depth = 0;
  let opened = false;
  let quoted = false;
  for (let i = match.index; i < code.length; i += 1) {
    const c = code[i];
    if (quoted) { if (c === "'") quoted = false; continue; }
    if (c === "'") { quoted = true; continue; }
    if (c === '[' || c === '{') { depth += 1; opened = true; }
    if (c === ']' || c === '}') depth -= 1;
    if (opened && depth === 0) return code.slice(match.index, i + 1);
  }
  return code.slice(match.index);
}

/** Quoted strings inside a Bicep block: `'critical'` → critical. */
export const quotedStrings = (block: string): string[] => [...block.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
