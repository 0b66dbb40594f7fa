export * from './access-log-store.ts';
export * from './subject-data.ts';
export * from './anonymize-patient.ts';
