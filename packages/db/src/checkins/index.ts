export * from './checkin-store.ts';
export * from './checkin-rows.ts';
export * from './checkin-audit.ts';
export * from './sweep.ts';
