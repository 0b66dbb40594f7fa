export * from './types.ts';
export * from './rules.ts';
export * from './ports.ts';
export * from './create-patient.ts';
export * from './update-patient.ts';
export * from './delete-patient.ts';
export * from './read-patients.ts';
export * from './request-invite.ts';
