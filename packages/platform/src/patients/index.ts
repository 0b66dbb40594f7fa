export * from './patient-deps.ts';
export * from './send-patient-invite.ts';
