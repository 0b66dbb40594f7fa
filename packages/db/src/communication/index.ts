export * from './thread-store.ts';
export * from './preference-store.ts';
export * from './notification-store.ts';
export * from './communication-audit.ts';
