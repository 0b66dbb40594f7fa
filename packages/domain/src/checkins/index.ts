export * from './form-schema.ts';
export * from './zoned-time.ts';
export * from './cadence.ts';
export * from './state-machine.ts';
