export * from './measurement-store.ts';
export * from './upload-store.ts';
export * from './upload-retention.ts';
export * from './lab-store.ts';
