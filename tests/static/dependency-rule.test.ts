import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('dependency rule (DESIGN.md §3)', () => {
  it('when dependency-cruiser checks packages/ and functions/, then no rule is violated', () => {
    const run = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'packages', 'functions'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).not.toMatch(/error /);
    expect(run.status).toBe(0);
  }, 60_000);

  it('when a domain file imports node:fs or the db package, then the checker fails (the rule is live)', () => {
    const probe = 'packages/domain/src/zz-impure-probe.ts';
    writeFileSync(probe, "import { readFileSync } from 'node:fs';\nimport { openDatabase } from '@korevitta/db';\nexport const x = [readFileSync, openDatabase];\n");
    try {
      const run = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', probe], { encoding: 'utf8' });
      expect(run.status).not.toBe(0);
      expect(run.stdout).toContain('domain-no-builtins');
      expect(run.stdout).toContain('domain-is-pure');
    } finally {
      rmSync(probe, { force: true });
    }
  }, 60_000);

  it('when a function imports the db package or drizzle, then the checker fails (functions go through the composition root, ADR 0016)', () => {
    const probe = 'functions/zz-db-probe.ts';
    writeFileSync(probe, "import { withTenant } from '@korevitta/db';\nimport { sql } from 'drizzle-orm';\nexport const x = [withTenant, sql];\n");
    try {
      const run = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', probe], { encoding: 'utf8' });
      expect(run.status).not.toBe(0);
      expect(run.stdout.match(/functions-through-composition/g)?.length).toBe(2);
    } finally {
      rmSync(probe, { force: true });
    }
  }, 60_000);

  it('when the wiring of a context (*-deps.ts) is looked for, then every one is in packages/platform/src/composition', () => {
    const deps = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : deps(path);
      return e.name.endsWith('-deps.ts') ? [path] : [];
    });
    const found = [...deps('packages'), ...deps('functions')];
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(found.filter((f) => !f.startsWith(join('packages', 'platform', 'src', 'composition')))).toEqual([]);
  });
});
