import { defineConfig } from 'vitest/config';

const usesRealPostgres = Boolean(process.env.DATABASE_URL);

// Integration files that the embedded default (PGlite) must also support: run a second time on
// PGlite when the main pass ran against a real Postgres.
const embeddedPass = ['tests/db/**/*.int.test.ts', 'tests/identity/**/*.int.test.ts', 'tests/http/**/*.int.test.ts', 'tests/queue/**/*.int.test.ts', 'tests/outbox/**/*.int.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/count-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'functions/**/*.test.ts', 'tests/static/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: usesRealPostgres ? 'integration-postgres' : 'integration-pglite',
          include: ['tests/**/*.int.test.ts', 'packages/*/src/**/*.int.test.ts'],
          globalSetup: ['./tests/support/global-setup.ts'],
        },
      },
      ...(usesRealPostgres
        ? [{
            extends: true as const,
            test: {
              name: 'embedded-pglite',
              include: embeddedPass,
              globalSetup: ['./tests/support/global-setup.ts'],
              env: { KV_TEST_FORCE_PGLITE: '1' },
            },
          }]
        : []),
    ],
  },
});
