export * from './progress-deps.ts';
