export * from './practice-lock.ts';
export * from './branding-store.ts';
export * from './subscription-store.ts';
export * from './billing-events.ts';
export * from './billing-operations.ts';
