export * from './access-log.ts';
export * from './anonymize-patient.ts';
export * from './purge-patient-blobs.ts';
