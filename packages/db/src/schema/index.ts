export * from './identity.ts';
export * from './async-spine.ts';
export * from './local-queue.ts';
export * from './audit.ts';
export * from './daily.ts';
export * from './protocols.ts';
export * from './patients.ts';
export * from './communication.ts';
