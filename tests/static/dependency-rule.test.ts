import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
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
});
