export * from './blob-port.ts';
