export * from './access-log.ts';
export * from './anonymize-patient.ts';
export * from './data-export-ports.ts';
export * from './request-data-export.ts';
export * from './get-data-export.ts';
export * from './build-data-export.ts';
export * from './fhir-bundle.ts';
export * from './export-readme.ts';
