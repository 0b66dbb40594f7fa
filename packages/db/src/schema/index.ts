export * from './identity.ts';
export * from './async-spine.ts';
