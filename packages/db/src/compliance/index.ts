export * from './access-log-store.ts';
export * from './subject-data.ts';
