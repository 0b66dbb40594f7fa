export * from './practice-lock.ts';
export * from './branding-store.ts';
export * from './subscription-store.ts';
