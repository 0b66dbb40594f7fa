export * from './protocol-store.ts';
export * from './template-store.ts';
