/**
 * The dependency rule of ADR 0016 (DESIGN.md §3): functions → platform (its composition root) → db → domain.
 * The domain imports nothing of ours but itself and no I/O package; db and platform never reach up into functions
 * or the local host; functions reach the database only through platform's composition (never db or a driver).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports only itself and pure libraries (no node: built-ins, no I/O packages).',
      severity: 'error',
      from: { path: '^packages/domain/src' },
      to: {
        pathNot: ['^packages/domain/src', 'node_modules/(valibot|@zxcvbn-ts)/'],
      },
    },
    {
      name: 'domain-no-builtins',
      severity: 'error',
      from: { path: '^packages/domain/src' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'db-below-platform',
      severity: 'error',
      from: { path: '^packages/db/src' },
      to: { path: '^(packages/(platform|local-host)|functions)/' },
    },
    {
      name: 'platform-below-functions',
      severity: 'error',
      from: { path: '^packages/platform/src' },
      to: { path: '^(packages/local-host|functions)/' },
    },
    {
      name: 'functions-through-composition',
      comment: 'Handlers, timers and consumers get their ports from packages/platform/src/composition (ADR 0016), never from the db package or a SQL driver.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ['^packages/db/', 'node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/'] },
    },
    {
      name: 'functions-not-into-local-host',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^packages/local-host/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(packages|functions)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    preserveSymlinks: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
