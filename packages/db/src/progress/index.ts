export * from './measurement-store.ts';
