export * from './compliance-deps.ts';
export * from './analytics-deps.ts';
export * from './anonymize-deps.ts';
