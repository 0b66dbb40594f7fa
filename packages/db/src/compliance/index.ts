export * from './access-log-store.ts';
export * from './subject-data.ts';
export * from './anonymize-patient.ts';
export * from './data-export-store.ts';
export * from './subject-export.ts';
