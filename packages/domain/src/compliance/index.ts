export * from './access-log.ts';
export * from './anonymize-patient.ts';
