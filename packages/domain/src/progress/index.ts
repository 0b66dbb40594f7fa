export * from './blob-port.ts';
export * from './measurements.ts';
export * from './ports.ts';
export * from './access.ts';
export * from './record-measurement.ts';
export * from './list-measurements.ts';
