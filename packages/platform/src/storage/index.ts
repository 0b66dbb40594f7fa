export * from './azure-blob-store.ts';
export * from './sharp-images.ts';
export * from './zip-archive.ts';
