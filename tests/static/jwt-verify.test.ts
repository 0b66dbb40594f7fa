import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * TEST-CATALOG 1 (RFC 8725 §3.1): jose's jwtVerify accepts whatever algorithm the key allows unless it is
 * given an explicit list. Every call in the code base passes an inline options object with a non-empty
 * `algorithms` array literal; outside tests it also pins `issuer` and `audience`.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.data', 'dist', 'coverage']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** The top-level arguments of the call whose `(` is at `open`, split at depth-0 commas (strings skipped). */
export function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args.filter((a) => a !== '');
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error('unbalanced call');
}

const hasKey = (options: string, key: string) => new RegExp(`[{,\\s]${key}\\s*[:,}]`).test(options);

/** What is wrong with one `jwtVerify(` call, or null. */
export function jwtVerifyProblem(args: string[], strict: boolean): string | null {
  // Comments do not count: a commented-out `algorithms` is no algorithms.
  const options = args[2]?.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  if (!options?.startsWith('{')) return 'no inline options object (algorithms cannot be checked)';
  if (!/[{,\s]algorithms\s*:\s*\[\s*[^\]\s][^\]]*\]/.test(options)) return 'no explicit, non-empty algorithms array';
  if (strict && !hasKey(options, 'issuer')) return 'no issuer';
  if (strict && !hasKey(options, 'audience')) return 'no audience';
  return null;
}

describe('every jwtVerify call pins its algorithms (TEST-CATALOG 1)', () => {
  it('when the code base is scanned, then each call passes algorithms (and issuer and audience outside tests)', () => {
    const calls: string[] = [];
    const problems: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(ROOT, file);
      if (rel === 'tests/static/jwt-verify.test.ts') continue;
      for (const m of text.matchAll(/\bjwtVerify\s*(?:<[^>]*>)?\s*\(/g)) {
        const open = (m.index ?? 0) + m[0].length - 1;
        const line = text.slice(0, open).split('\n').length;
        calls.push(`${rel}:${line}`);
        const problem = jwtVerifyProblem(callArguments(text, open), !rel.startsWith('tests/'));
        if (problem) problems.push(`${rel}:${line}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    // The production verifier itself must be among the calls found (the scan reads the right files).
    expect(calls.some((c) => c.startsWith('packages/platform/src/auth/access-tokens.ts:'))).toBe(true);
  });

  it('when a call omits algorithms, leaves them empty, passes options by name or skips issuer/audience, then it is reported', () => {
    const check = (call: string, strict = true) => jwtVerifyProblem(callArguments(call, call.indexOf('(')), strict);
    expect(check('jwtVerify(token, key, { issuer, audience })')).toMatch(/algorithms/);
    expect(check('jwtVerify(token, key, { algorithms: [], issuer, audience })')).toMatch(/algorithms/);
    expect(check('jwtVerify(token, key)')).toMatch(/options/);
    expect(check('jwtVerify(token, key, options)')).toMatch(/options/);
    expect(check("jwtVerify(token, key, {\n // algorithms: ['ES256'],\n issuer, audience })")).toMatch(/algorithms/);
    expect(check("jwtVerify(token, key, { algorithms: ['ES256'], audience: 'a' })")).toBe('no issuer');
    expect(check("jwtVerify(token, key, { algorithms: ['ES256'], issuer: 'i' })")).toBe('no audience');
    expect(check("jwtVerify(token, async (h) => { return k; }, { algorithms: [ACCESS_TOKEN_ALG], issuer: o.issuer, audience: o.audience })")).toBeNull();
    expect(check("jwtVerify(t, k, { algorithms: ['ES256'] })", false)).toBeNull();
  });
});
