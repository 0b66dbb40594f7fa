export * from './identity.ts';
export * from './async-spine.ts';
export * from './local-queue.ts';
export * from './audit.ts';
