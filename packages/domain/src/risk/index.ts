export * from './score.ts';
export * from './ports.ts';
export * from './recalculation.ts';
export * from './get-patient-risk.ts';
export * from './recalculate-all-risk.ts';
