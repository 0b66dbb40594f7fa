import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain has no clock, no randomness and no environment: `now` and ids come in as arguments.
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'pass `now` in instead of reading the clock' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'pass `now` in instead of reading the clock' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'pass ids/randomness in through a port' },
      ],
    },
  },
  { files: ['scripts/**', 'bench/**', 'packages/local-host/src/**', 'packages/db/src/cli/**', 'packages/platform/src/cli/**', '.ci/**'], rules: { 'no-console': 'off' } },
);
