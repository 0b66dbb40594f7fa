export * from './purge-expired-records.ts';
