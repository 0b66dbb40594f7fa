export * from './checkin-deps.ts';
export * from './advance-checkin.ts';
