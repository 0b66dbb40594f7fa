// `npm test`: static checks first (fast failure), then the whole Vitest run, whose reporter prints the
// closing `N passed, N failed, N skipped` line. Integration tests use DATABASE_URL when set, PGlite otherwise.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const steps = [
  ['npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['npx', ['eslint', '.', '--max-warnings=0']],
];
for (const [cmd, args] of steps) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n${[cmd, ...args].join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(status);
  }
}
process.exit(run('npx', ['vitest', 'run', ...process.argv.slice(2)]));
