import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerWith, type FunctionApp, type FunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../../functions');
/** Files under functions/ that define no function: the table itself, shared schemas, consumer modules, and the
 * dependency-rule test's short-lived probe (tests/static/dependency-rule.test.ts writes it while this file may run).
 * A barrel (`functions/http/<context>/index.ts`) is not excused: the table lists every file itself (ADR 0016). */
const NOT_FUNCTIONS = [/\/zz-[a-z-]+-probe\.ts$/, /\/functions\/index\.ts$/, /schemas\.ts$/, /\/examples\.ts$/, /\.test\.ts$/, /\/consumers\//];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the function table', () => {
  const files = walk(ROOT).filter((f) => !NOT_FUNCTIONS.some((re) => re.test(f)));

  it('when every function file is imported, then its default export is a definition listed in the table', async () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: FunctionDefinition };
      expect({ file, def: mod.default?.kind }).toEqual({ file, def: expect.stringMatching(/^(http|timer|queue)$/) });
      expect({ file, listed: allFunctions.includes(mod.default as FunctionDefinition) }).toEqual({ file, listed: true });
    }
    expect(allFunctions.length).toBe(files.length);
  });

  it('when the file name is compared with the registered name, then they agree (STYLE.md rule 4)', async () => {
    for (const file of files) {
      const def = ((await import(pathToFileURL(file).href)) as { default: FunctionDefinition }).default;
      const words = path.basename(file, '.ts').split('-');
      expect({ file, name: def.name, agrees: words.every((w) => def.name.includes(w)) }).toEqual({ file, name: def.name, agrees: true });
    }
  });

  it('when an HTTP function is published, then its operationId is the camelCase of its file name (the operationId rule)', async () => {
    const camel = (base: string) => base.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    let checked = 0;
    for (const file of files) {
      const def = ((await import(pathToFileURL(file).href)) as { default: FunctionDefinition }).default;
      if (def.kind !== 'http') continue;
      checked += 1;
      expect({ file, operationId: def.operationId }).toEqual({ file, operationId: camel(path.basename(file, '.ts')) });
      expect(def.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('when the table is registered with Azure, then every function is registered once, by kind, with a unique name and route', () => {
    const calls: { kind: string; name: string; route?: string; methods?: string[] }[] = [];
    const recorder: FunctionApp = {
      http: (name, o) => calls.push({ kind: 'http', name, route: o.route, methods: o.methods }),
      timer: (name) => calls.push({ kind: 'timer', name }),
      serviceBusQueue: (name) => calls.push({ kind: 'queue', name }),
    };
    for (const def of allFunctions) registerWith(recorder, def);
    expect(calls.map((c) => c.name)).toEqual(allFunctions.map((d) => d.name));
    expect(new Set(calls.map((c) => c.name)).size).toBe(calls.length);
    const routes = calls.filter((c) => c.kind === 'http').map((c) => `${c.methods?.join()} ${c.route}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const c of calls.filter((x) => x.kind === 'http')) expect(c.route).not.toMatch(/^\//);
  });

  it('when HTTP functions are registered, then all but the liveness probe need the host key that only API Management holds', () => {
    const levels = new Map<string, string>();
    const recorder: FunctionApp = {
      http: (name, o) => levels.set(name, o.authLevel),
      timer: () => undefined,
      serviceBusQueue: () => undefined,
    };
    for (const def of allFunctions) registerWith(recorder, def);
    const anonymous = [...levels].filter(([, level]) => level !== 'function').map(([name, level]) => `${name}: ${level}`);
    expect(anonymous).toEqual(['health: anonymous']);
    expect(levels.size).toBe(allFunctions.filter((d) => d.kind === 'http').length);
  });
});
