export * from './dashboard.ts';
export * from './protocol-effectiveness.ts';
