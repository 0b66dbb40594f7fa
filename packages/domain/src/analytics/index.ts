export * from './dashboard.ts';
export * from './get-dashboard.ts';
export * from './protocol-effectiveness.ts';
