export * from './access-log-store.ts';
