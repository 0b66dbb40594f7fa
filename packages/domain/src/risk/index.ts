export * from './score.ts';
export * from './ports.ts';
